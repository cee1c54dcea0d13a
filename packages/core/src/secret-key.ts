import { randomBytes } from "node:crypto";
import { closeSync, existsSync, linkSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { type ConfigurationError, coreErrors } from "./errors.js";

/** Where the key in use came from. */
export type SecretKeySource = "environment" | "file" | "memory";

/** The key that encrypts secrets at rest. */
export interface SecretKey {
  readonly key: Buffer;
  readonly source: SecretKeySource;
  /** The key file, when the key came from one. */
  readonly file?: string | undefined;
}

/**
 * The key: `SMSKIT_SECRET_KEY` (base64 of 32 bytes) when set; otherwise the key file beside the
 * store — when absent, created with mode 0600 the first time the key is used (reading `key`),
 * so nothing that only reads ever creates it; otherwise, for a store without a file, a random
 * key that lives as long as the process.
 */
export function resolveSecretKey(options: {
  environment?: NodeJS.ProcessEnv;
  keyFile?: string | undefined;
}): SecretKey {
  const fromEnvironment = options.environment?.SMSKIT_SECRET_KEY;
  if (fromEnvironment !== undefined && fromEnvironment !== "") {
    return { key: decodeKey(fromEnvironment, "SMSKIT_SECRET_KEY"), source: "environment" };
  }
  if (options.keyFile) {
    const file = options.keyFile;
    if (existsSync(file)) return { key: readKeyFile(file), source: "file", file };
    let key: Buffer | undefined;
    return {
      get key() {
        if (!key) {
          if (!existsSync(file)) createKeyFile(file, { ifAbsent: true });
          key = readKeyFile(file);
        }
        return key;
      },
      source: "file",
      file,
    };
  }
  return { key: randomBytes(32), source: "memory" };
}

/** Read a key file (base64 of 32 bytes, surrounding white space ignored). */
export function readKeyFile(path: string): Buffer {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw coreErrors.SMSKIT_E_SECRET_KEY.create(
      { problem: `cannot read the key file ${path}: ${(error as Error).message}` },
      { cause: error },
    );
  }
  return decodeKey(text, `the key file ${path}`);
}

/**
 * Create a key file with a fresh random key, readable only by its owner (mode 0600). The file
 * appears complete or not at all (written aside, then linked into place), so processes starting
 * together agree on one key. Fails if it exists, unless `ifAbsent`.
 */
export function createKeyFile(path: string, options: { ifAbsent?: boolean } = {}): Buffer | undefined {
  const key = randomBytes(32);
  const staging = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const descriptor = openSync(staging, "wx", 0o600);
    try {
      writeSync(descriptor, `${key.toString("base64")}\n`);
    } finally {
      closeSync(descriptor);
    }
    linkSync(staging, path);
  } catch (error) {
    if (options.ifAbsent && (error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw coreErrors.SMSKIT_E_SECRET_KEY.create(
      { problem: `cannot create the key file ${path}: ${(error as Error).message}` },
      { cause: error },
    );
  } finally {
    rmSync(staging, { force: true });
  }
  return key;
}

function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== 32) {
    throw coreErrors.SMSKIT_E_SECRET_KEY.create({
      problem: `${where} must hold 32 bytes in base64 (44 characters); create one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
    });
  }
  return key;
}

/**
 * The error for a store that holds encrypted secrets but whose key file is gone: a new key would
 * not decrypt them, so none is made.
 */
export function missingKeyError(keyFile: string): ConfigurationError {
  return coreErrors.SMSKIT_E_SECRET_KEY.create({
    problem: `the store holds encrypted secrets but its key file ${keyFile} does not exist; restore that file, or set SMSKIT_SECRET_KEY to the key the store was written with (a new key could not decrypt the stored secrets, so none was created)`,
  });
}
