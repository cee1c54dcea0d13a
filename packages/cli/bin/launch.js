// How the `smskit` executables start (this package's bin/smskit.js and the `smskit`
// package's). Plain JavaScript that parses on old Node.js versions too (no `??`, no `?.`,
// no top-level await): on a Node.js older than 22.12 it looks for the Node.js 24 that the
// repository's bootstrap caches and runs the executable again with that one; otherwise it
// loads the command from ../dist/main.js.
// biome-ignore-start lint/style/useNodejsImportProtocol: "node:" imports fail on Node.js before 14.13.
import { spawnSync } from "child_process";
import { existsSync, readdirSync } from "fs";
import * as nodeModule from "module";
import { homedir, tmpdir } from "os";
import { join } from "path";

// biome-ignore-end lint/style/useNodejsImportProtocol: see above.

const minimum = [22, 12];
const reexecMarker = "SMSKIT_NODE_REEXEC";

/**
 * Run the command line of this process: on Node.js >= 22.12 load the command and run it with
 * `options` (`bundledPackageJson`: the package.json of a package bundling providers), on an
 * older one run the executable again with a cached newer Node.js.
 */
export function launch(options) {
  if (!isAtLeast(parseVersion(process.versions.node), minimum)) {
    runWithCachedNode();
    return;
  }
  enableCompileCache();
  import("../dist/main.js")
    .then((command) => command.main(options || {}))
    .catch((error) => {
      const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
      process.stderr.write(
        `smskit: cannot load the command (${reason}); build the package with 'tsc --build' in packages/cli (SMSKIT_E_USAGE)\n`,
      );
      process.exitCode = 2;
    });
}

/**
 * Keep the compiled code of the modules the command loads in Node.js's compile cache (under
 * the user's cache directory), so that later starts skip most of the compilation. Node.js
 * decides on its own whether the cache is usable (NODE_DISABLE_COMPILE_CACHE turns it off,
 * NODE_COMPILE_CACHE names another directory); an unwritable one only means no cache.
 */
function enableCompileCache() {
  if (typeof nodeModule.enableCompileCache !== "function") return;
  try {
    nodeModule.enableCompileCache(join(userCacheDirectory(), "smskit", "compile-cache"));
  } catch (_error) {
    // Without a cache the command only starts more slowly.
  }
}

/** `$XDG_CACHE_HOME`, else `~/.cache`, else the temporary directory. */
function userCacheDirectory() {
  if (process.env.XDG_CACHE_HOME) return process.env.XDG_CACHE_HOME;
  try {
    return join(homedir(), ".cache");
  } catch (_error) {
    return tmpdir();
  }
}

/** Run this script again with the newest cached Node.js and end as it ended. */
function runWithCachedNode() {
  const binary = process.env[reexecMarker] ? undefined : newestCachedNode();
  if (!binary) {
    process.stderr.write(
      `smskit: smskit needs Node.js >= ${minimum.join(".")} (this is Node.js ${process.versions.node}); install a newer Node.js, or run 'npm run setup' in the smskit repository to cache one (SMSKIT_E_USAGE)\n`,
    );
    process.exit(2);
  }
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
  // The child gets the terminal's signals itself; this process outlives it to pass its end on.
  const ignore = () => {};
  signals.forEach((signal) => {
    process.on(signal, ignore);
  });
  const environment = Object.assign({}, process.env);
  environment[reexecMarker] = "1";
  const result = spawnSync(binary, process.argv.slice(1), { stdio: "inherit", env: environment });
  signals.forEach((signal) => {
    process.removeListener(signal, ignore);
  });
  if (result.error) {
    process.stderr.write(`smskit: cannot run ${binary}: ${result.error.message} (SMSKIT_E_USAGE)\n`);
    process.exit(2);
  }
  if (result.signal) {
    process.kill(process.pid, result.signal);
    return;
  }
  process.exit(result.status === null ? 2 : result.status);
}

/** The highest-versioned Node.js >= the minimum in the bootstrap's cache, if any. */
function newestCachedNode() {
  const cache = process.env.SMSKIT_NODE_CACHE || join(userCacheDirectory(), "smskit", "node");
  const platform = process.platform === "win32" ? "win" : process.platform;
  const prefix = `node-${platform}-${process.arch}-`;
  const executable = process.platform === "win32" ? "node.exe" : "node";
  let entries;
  try {
    entries = readdirSync(cache);
  } catch (_error) {
    return undefined;
  }
  let best;
  let bestVersion;
  entries.forEach((entry) => {
    if (entry.indexOf(prefix) !== 0) return;
    const version = parseVersion(entry.slice(prefix.length));
    if (!version || !isAtLeast(version, minimum)) return;
    const binary = join(cache, entry, "package", "bin", executable);
    if (!existsSync(binary)) return;
    if (!bestVersion || isAtLeast(version, bestVersion)) {
      best = binary;
      bestVersion = version;
    }
  });
  return best;
}

/** `[major, minor, patch]` from "24.22.3", or undefined when it is not a version. */
function parseVersion(text) {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Whether `version` >= `floor`, comparing component by component. */
function isAtLeast(version, floor) {
  if (!version) return false;
  for (let index = 0; index < floor.length; index++) {
    const part = version[index] || 0;
    if (part !== floor[index]) return part > floor[index];
  }
  return true;
}
