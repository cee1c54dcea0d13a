import { fileURLToPath } from "node:url";

/** Something text can be written to: `process.stdout`, or a collector in tests. */
export interface TextSink {
  write(text: string): unknown;
}

/** Everything the command reaches outside itself; `runCli` fills in the process's own for what is left out. */
export interface CliIo {
  /** Where results go. */
  stdout: TextSink;
  /** Where errors and warnings go. */
  stderr: TextSink;
  /** Where `smskit send <target> <to> -` reads the message from. */
  stdin: AsyncIterable<string | Uint8Array>;
  /** The environment (`SMSKIT_STORE`, `SMSKIT_SCRIPT_DIR`). */
  env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths (and the default store `./smskit.db`) are resolved against. */
  cwd: string;
  /**
   * The application's package.json, whose dependencies are searched for providers (default:
   * the directory `--app` or `$SMSKIT_APP` names, else the nearest package.json from `cwd` upward).
   */
  packageJson: string | undefined;
  /**
   * The package.json of a package that bundles providers (the `smskit` package): its providers
   * are used when no application was named and the one found lists no provider.
   */
  bundledPackageJson: string | undefined;
}

/** The CLI package's own package.json (its version is the command's version). */
export const ownPackageJson = fileURLToPath(new URL("../package.json", import.meta.url));

/** The process's streams, environment and directory, overridden by what the caller gives. */
export function resolveIo(io: Partial<CliIo> = {}): CliIo {
  return {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    packageJson: io.packageJson,
    bundledPackageJson: io.bundledPackageJson,
  };
}
