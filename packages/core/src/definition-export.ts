import { DefinitionSecrets } from "./definition-secrets.js";
import type { TransferContext } from "./gateway-prepare.js";
import type { ExportDocument } from "./import-formats.js";
import { secretSelection } from "./secrets.js";

/** Every gateway, SMTP server and route as one versioned document; secrets in clear text unless `censor`. */
export async function exportDefinitions(context: TransferContext, censor: boolean): Promise<ExportDocument> {
  const document: ExportDocument = { smskit: 1, gateways: {}, smtpServers: {} };
  for (const stored of await context.store.listGateways()) {
    const provider = context.registry.get(stored.provider);
    const definition = censor
      ? context.secrets.censorGateway(
          stored,
          secretSelection(provider?.secretParameters ?? new Set(), stored),
        )
      : context.secrets.decryptGateway(stored);
    const { name, revision, updatedAt, ...rest } = definition;
    document.gateways[name] = {
      ...rest,
      secretOptions: [...rest.secretOptions],
      secretHeaders: [...rest.secretHeaders],
    };
  }
  for (const stored of await context.store.listSmtpServers()) {
    const definition = censor
      ? context.secrets.censorSmtpServer(stored)
      : context.secrets.decryptSmtpServer(stored);
    const { name, revision, updatedAt, ...rest } = definition;
    document.smtpServers[name] = rest;
  }
  const routes = await context.store.listRoutes();
  if (routes.length > 0) {
    document.routes = Object.fromEntries(
      routes.map(({ name, revision, updatedAt, ...rest }) => [name, structuredClone(rest)]),
    );
  }
  return document;
}

/**
 * Re-encrypt every secret with a new key, in one transaction. Nothing changes if any stored
 * secret cannot be decrypted with the current key.
 */
export async function reencryptAll(
  context: TransferContext,
  newKey: Buffer,
): Promise<{ gateways: number; smtpServers: number }> {
  const cipher = DefinitionSecrets.cipherFor(newKey);
  const gateways = (await context.store.listGateways()).map((stored) => {
    const plain = context.secrets.decryptGateway(stored);
    const provider = context.registry.get(plain.provider);
    const { revision, updatedAt, ...record } = plain;
    return context.secrets.encryptGateway(
      record,
      secretSelection(provider?.secretParameters ?? new Set(), plain),
      cipher,
    );
  });
  const smtpServers = (await context.store.listSmtpServers()).map((stored) => {
    const { revision, updatedAt, ...record } = context.secrets.decryptSmtpServer(stored);
    return context.secrets.encryptSmtpServer(record, cipher);
  });
  await context.store.applyBatch({ gateways, smtpServers });
  return { gateways: gateways.length, smtpServers: smtpServers.length };
}
