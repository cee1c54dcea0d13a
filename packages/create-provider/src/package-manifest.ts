import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The versions a scaffold depends on: this package's own ranges, so that they track its release. */
export interface ScaffoldVersions {
  readonly [name: string]: string;
}

const ownManifestUrl = new URL("../package.json", import.meta.url);

/** Packages whose range the scaffold takes over from this package's dependencies or devDependencies. */
const needed = [
  "@smskit/provider",
  "@smskit/provider-utils",
  "@smskit/docgen",
  "@smskit/testkit",
  "@smskit/core",
  "@changesets/cli",
  "@types/node",
  "typescript",
  "undici",
  "vitest",
] as const;

/**
 * The version range of each package the scaffold names, read from this package's package.json
 * at run time. Inside the smskit workspace (a `workspace:` range) it is `^` the installed version.
 */
export function scaffoldVersions(manifestUrl: URL = ownManifestUrl): ScaffoldVersions {
  const own = JSON.parse(readFileSync(manifestUrl, "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const ranges = { ...own.devDependencies, ...own.dependencies };
  const require = createRequire(manifestUrl);
  const versions: Record<string, string> = {};
  for (const name of needed) {
    const range = ranges[name];
    if (!range) throw new Error(`@smskit/create-provider's package.json names no version of ${name}`);
    versions[name] = range.startsWith("workspace:")
      ? `^${(require(`${name}/package.json`) as { version: string }).version}`
      : range;
  }
  return versions;
}

/** What the scaffold's package.json says. */
export interface ManifestInput {
  readonly packageName: string;
  readonly id: string;
  readonly name: string;
  readonly author: string;
  readonly versions: ScaffoldVersions;
}

/** The scaffolded package.json: publish-ready, discoverable by smskit (`"smskit": {"provider": …}`). */
export function scaffoldManifest({ packageName, id, name, author, versions }: ManifestInput) {
  const pick = (...names: string[]) =>
    Object.fromEntries(names.map((item) => [item, versions[item] as string]));
  return {
    name: packageName,
    version: "0.1.0",
    description: `smskit provider '${id}': ${name}.`,
    license: "MIT",
    author,
    type: "module",
    sideEffects: false,
    exports: {
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./package.json": "./package.json",
    },
    main: "./dist/index.js",
    types: "./dist/index.d.ts",
    files: ["dist"],
    engines: { node: ">=22.12" },
    smskit: { provider: "./dist/index.js" },
    keywords: ["smskit", "smskit-provider", "sms"],
    scripts: {
      build: "tsc",
      test: "vitest run",
      readme: "tsc && node scripts/readme.mjs",
      prepack: "tsc",
      changeset: "changeset",
    },
    dependencies: pick("@smskit/provider-utils", "undici"),
    peerDependencies: pick("@smskit/provider"),
    devDependencies: pick(
      "@changesets/cli",
      "@smskit/core",
      "@smskit/docgen",
      "@smskit/provider",
      "@smskit/testkit",
      "@types/node",
      "typescript",
      "vitest",
    ),
  };
}
