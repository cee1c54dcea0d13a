import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Where an optional package is looked for, and the error when it is found nowhere. */
export interface OptionalPackageLookup {
  /** The application's directory: the package is resolved from there upward first. */
  readonly from: string;
  /** A module URL (or file) to resolve from next, e.g. the caller's `import.meta.url` (the package beside the CLI). */
  readonly beside?: string;
  /** The error to throw when the package is installed in neither place. */
  readonly missing: () => Error;
}

/**
 * Load a package an application installs only when it uses it (the PostgreSQL store, the durable
 * queue): resolved from the application (`from`, upward, the way Node finds its dependencies),
 * else from `beside`; loaded only now, so an application that never needs it never loads it or
 * its dependencies. Not installed: the error of `missing`, naming what to install.
 */
export async function importOptionalPackage<Module>(
  name: string,
  lookup: OptionalPackageLookup,
): Promise<Module> {
  const bases = [join(lookup.from, "package.json"), ...(lookup.beside === undefined ? [] : [lookup.beside])];
  for (const base of bases) {
    let resolved: string;
    try {
      resolved = createRequire(base).resolve(name);
    } catch {
      continue; // Not installed there: try the next place.
    }
    return (await import(pathToFileURL(resolved).href)) as Module;
  }
  throw lookup.missing();
}
