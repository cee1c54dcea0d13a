import type { ProviderResources, ResourceLookup } from "@smskit/provider";
import { coreErrors } from "./errors.js";

/** The resource kind of a central SMTP server definition (secrets decrypted at send time). */
export const smtpServerResource = "smtp-server";
/** The resource kind of a directory the application names; core knows `scripts`. */
const directoryResource = "directory";

/** What core itself offers providers as resources. */
export interface BuiltInResources {
  /** The directory scripts must live in (`directory` / `scripts`). */
  readonly scriptDirectory: string;
  /** A central SMTP server definition by name (`smtp-server`). */
  readonly smtpServer: (name: string) => Promise<unknown>;
}

/**
 * The resources a provider reaches through its context: core's own kinds plus the ones the
 * application registered. Refuses an application lookup for one of core's kinds (or one that
 * is not a function) with `SMSKIT_E_USAGE`.
 */
export function applicationResources(
  builtIn: BuiltInResources,
  registered: Readonly<Record<string, ResourceLookup>> = {},
): ProviderResources {
  const lookups = new Map<string, ResourceLookup>();
  for (const [kind, lookup] of Object.entries(registered)) {
    if (kind === smtpServerResource || kind === directoryResource) {
      throw coreErrors.SMSKIT_E_USAGE.create({
        problem: `resources: '${kind}' is a resource kind of smskit itself; register your resource under another kind (or use the scriptDirectory option and \`smskit smtp set\`)`,
      });
    }
    if (typeof lookup !== "function") {
      throw coreErrors.SMSKIT_E_USAGE.create({
        problem: `resources: '${kind}' must be a function that takes a name and returns the resource (or undefined)`,
      });
    }
    lookups.set(kind, lookup);
  }
  lookups.set(directoryResource, (name) => (name === "scripts" ? builtIn.scriptDirectory : undefined));
  lookups.set(smtpServerResource, builtIn.smtpServer);
  return {
    async get<Value>(kind: string, name: string): Promise<Value | undefined> {
      const lookup = lookups.get(kind);
      return lookup === undefined ? undefined : ((await lookup(name)) as Value | undefined);
    },
  };
}
