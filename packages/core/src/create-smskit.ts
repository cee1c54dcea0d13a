import { existsSync } from "node:fs";
import { createContainer, registerProvider, tokens } from "./container.js";
import { type DiscoveryFailure, discoverProviders } from "./discovery.js";
import { coreErrors } from "./errors.js";
import { silentLogger } from "./logger.js";
import { SecretCipher } from "./secret-cipher.js";
import { missingKeyError, resolveSecretKey, type SecretKey } from "./secret-key.js";
import { assertTimeout } from "./send-deadline.js";
import { Smskit } from "./smskit.js";
import type { SmskitOptions } from "./smskit-options.js";
import type { GatewayStore } from "./store/gateway-store.js";
import { MemoryGatewayStore } from "./store/memory-store.js";

/** Create an application's smskit: container, store, providers (discovered and explicit). */
export async function createSmskit(options: SmskitOptions = {}): Promise<Smskit> {
  if (options.sendTimeoutMs !== undefined) assertTimeout(options.sendTimeoutMs, "sendTimeoutMs");
  const container = options.container ?? createContainer();
  if (!container.isRegistered(tokens.registry, true)) {
    throw coreErrors.SMSKIT_E_USAGE.create({
      problem: "the container was not made by createContainer(); pass none or one from createContainer()",
    });
  }
  container.registerInstance(tokens.store, options.store ?? new MemoryGatewayStore());
  container.registerInstance(tokens.logger, options.logger ?? silentLogger);
  const failures: DiscoveryFailure[] = [];
  if (options.discover) failures.push(...(await discoverProviders(container, options.discover)).failures);
  for (const manifest of options.providers ?? []) registerProvider(container, manifest);
  const store = container.resolve<GatewayStore>(tokens.store);
  const secretKey: SecretKey = options.secretKey
    ? { key: options.secretKey, source: "memory" }
    : resolveSecretKey({ environment: options.environment ?? process.env, keyFile: store.keyFile });
  // A secret is stored only after its key file exists, so secrets found without the file (checked
  // again afterwards: another process may have just written both) mean the file was lost.
  const keyFile = secretKey.source === "file" ? secretKey.file : undefined;
  if (keyFile && !existsSync(keyFile) && (await holdsSecrets(store)) && !existsSync(keyFile)) {
    throw missingKeyError(keyFile);
  }
  return new Smskit(container, options, failures, secretKey);
}

/** Whether any stored definition holds an encrypted value. */
async function holdsSecrets(store: GatewayStore): Promise<boolean> {
  const encrypted = (values: Readonly<Record<string, unknown>>) =>
    Object.values(values).some((value) => SecretCipher.isEncrypted(value));
  for (const gateway of await store.listGateways()) {
    if (encrypted(gateway.parameters) || encrypted(gateway.options) || encrypted(gateway.headers))
      return true;
  }
  for (const server of await store.listSmtpServers()) {
    if (encrypted(server as unknown as Record<string, unknown>)) return true;
  }
  return false;
}
