import { existsSync } from "node:fs";
import { dirname, join, parse, resolve } from "node:path";

/**
 * The application a directory belongs to: the nearest directory, from `from` upward, that
 * holds a package.json (the way npm finds the project it runs in), or undefined when there
 * is none up to the file system's root.
 */
export function findApplicationDirectory(from: string): string | undefined {
  return findUpward(from, (directory) =>
    existsSync(join(directory, "package.json")) ? directory : undefined,
  );
}

/** Node's lookup of a package: `node_modules/<name>` in `from` and each of its parents. */
export function findPackageDirectory(name: string, from: string): string | undefined {
  return findUpward(from, (directory) => {
    const candidate = join(directory, "node_modules", name);
    return existsSync(join(candidate, "package.json")) ? candidate : undefined;
  });
}

/** The first answer of `look` for `from` and each of its parents, up to the root. */
function findUpward(from: string, look: (directory: string) => string | undefined): string | undefined {
  let directory = resolve(from);
  const { root } = parse(directory);
  for (;;) {
    const found = look(directory);
    if (found !== undefined) return found;
    if (directory === root) return undefined;
    directory = dirname(directory);
  }
}
