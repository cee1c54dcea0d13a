import { fileURLToPath } from "node:url";
import { type AppDirectory, createAppDirectory, type InstalledPackage } from "@smskit/testkit";
import { echoPackage, echoProviderSource } from "./fixture-app.js";

/** The ids of the first-party providers, as `smskit providers` sorts them. */
export const firstPartyProviders = ["firebase", "http", "script", "sipgate", "smpp", "smtp"] as const;

/** The echo provider as a third-party package installed from the registry would be. */
export const echoInstalled: InstalledPackage = {
  packageJson: { name: echoPackage, version: "1.2.3", type: "module", smskit: { provider: "./index.js" } },
  files: { "index.js": echoProviderSource },
};

/** A first-party provider package of this workspace, linked into an application's node_modules. */
export function linkedProvider(id: string): [string, InstalledPackage] {
  const directory = fileURLToPath(new URL(`../../../../plugins/provider-${id}`, import.meta.url));
  return [`@smskit/provider-${id}`, { link: directory }];
}

/**
 * An application outside the workspace that depends on the given first-party providers
 * (linked to this workspace's packages), the echo provider when `echo`, and a package that
 * is no provider.
 */
export function createLinkedApp(
  providers: readonly string[],
  options: { echo?: boolean } = {},
): Promise<AppDirectory> {
  const installed = Object.fromEntries([
    ...providers.map(linkedProvider),
    ...(options.echo ? [[echoPackage, echoInstalled] as const] : []),
    ["left-pad-like", { packageJson: { name: "left-pad-like", version: "1.0.0" } }] as const,
  ]);
  const dependencies = Object.fromEntries(Object.keys(installed).map((name) => [name, "*"]));
  return createAppDirectory({ prefix: "smskit-app-", packageJson: { dependencies }, installed });
}
