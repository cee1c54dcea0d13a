import { createPrivateKey, type KeyObject } from "node:crypto";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type ConfigFileRead, readConfigFile } from "./config-file.js";
import type { FirebaseConfigFileCode } from "./error-codes.js";

/** A service-account key file that passed every check. */
export interface ServiceAccount {
  /** The absolute path it was read from. */
  readonly path: string;
  /** When the file was last modified (ms since the epoch); a new value means a new credential. */
  readonly modifiedMs: number;
  readonly projectId: string;
  readonly clientEmail: string;
  /** The private key, as a KeyObject (its material never shows in logs or JSON). */
  readonly privateKey: KeyObject;
  /** The key's id, sent as the assertion's `kid`. */
  readonly privateKeyId: string | undefined;
}

/** What is wrong with the file: a code from `firebaseErrorCodes` and a sentence saying what and how to fix it. */
export interface ServiceAccountProblem {
  readonly code: FirebaseConfigFileCode;
  readonly problem: string;
}

/** The result of reading the file. */
export type ServiceAccountResult = { account: ServiceAccount } | ServiceAccountProblem;

/** Whether a result is a problem. */
export function isServiceAccountProblem(result: ServiceAccountResult): result is ServiceAccountProblem {
  return "problem" in result;
}

/**
 * Read and check a service-account file: it exists, is a regular file of at most 1 MiB, is readable, parses as JSON, says
 * `"type": "service_account"` and carries a project, an e-mail and a private key that parses.
 * Messages never quote the file's content.
 */
export async function readServiceAccount(file: string): Promise<ServiceAccountResult> {
  const path = resolve(file);
  const shown = JSON.stringify(file);
  let read: ConfigFileRead;
  try {
    read = await readConfigFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      return {
        code: "SMSKIT_E_FIREBASE_CONFIG_MISSING",
        problem: `the file ${shown}${path === file ? "" : ` (${path})`} does not exist; download the service-account key (Firebase console → Project settings → Service accounts → Generate new private key) and put it there`,
      };
    }
    return {
      code: "SMSKIT_E_FIREBASE_CONFIG_UNREADABLE",
      problem: `the file ${shown} cannot be read (${code ?? "error"}); let the user smskit runs as read it (e.g. chmod 640 and the right group)`,
    };
  }
  if ("refused" in read) {
    return { code: "SMSKIT_E_FIREBASE_CONFIG_UNREADABLE", problem: refusalProblem[read.refused](shown) };
  }
  const { text, modifiedMs } = read;
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return {
      code: "SMSKIT_E_FIREBASE_CONFIG_NOT_JSON",
      problem: `the file ${shown} is not valid JSON (${wherePositioned(error, text)}); download the service-account key again`,
    };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return {
      code: "SMSKIT_E_FIREBASE_CONFIG_NOT_SERVICE_ACCOUNT",
      problem: `the file ${shown} holds JSON but not an object; it must be a service-account key with "type": "service_account"`,
    };
  }
  const fields = json as Record<string, unknown>;
  if (fields.type !== "service_account") {
    // Only fixed words: the file's own values are not repeated, whatever it is.
    const hint =
      "project_info" in fields
        ? " (this looks like a google-services.json for the app)"
        : fields.type === "authorized_user"
          ? " (this looks like a user credential)"
          : "";
    return {
      code: "SMSKIT_E_FIREBASE_CONFIG_NOT_SERVICE_ACCOUNT",
      problem: `the file ${shown} is JSON but not a service-account key: it lacks "type": "service_account"${hint}; use the service-account key from Firebase console → Project settings → Service accounts`,
    };
  }
  const missing = ["project_id", "client_email", "private_key"].filter(
    (key) => typeof fields[key] !== "string" || fields[key] === "",
  );
  if (missing.length > 0) {
    return {
      code: "SMSKIT_E_FIREBASE_CONFIG_INCOMPLETE",
      problem: `the service-account file ${shown} lacks ${missing.join(", ")}; download the key again`,
    };
  }
  let privateKey: KeyObject | undefined;
  try {
    privateKey = createPrivateKey(String(fields.private_key));
  } catch {
    privateKey = undefined;
  }
  if (privateKey?.asymmetricKeyType !== "rsa") {
    return {
      code: "SMSKIT_E_FIREBASE_CONFIG_INCOMPLETE",
      problem: `the private_key in the service-account file ${shown} is not a PEM RSA private key; download the key again`,
    };
  }
  return {
    account: {
      path,
      modifiedMs,
      projectId: String(fields.project_id),
      clientEmail: String(fields.client_email),
      privateKey,
      privateKeyId: typeof fields.private_key_id === "string" ? fields.private_key_id : undefined,
    },
  };
}

/**
 * Reads a service-account file again only when it changed (modification time, size, inode),
 * so every send sees a replaced key without re-parsing an unchanged one.
 */
export class ServiceAccountFile {
  readonly #file: string;
  #stamp: string | undefined;
  #cached: ServiceAccount | undefined;

  constructor(file: string) {
    this.#file = file;
  }

  /** The current content of the file, checked. */
  async load(): Promise<ServiceAccountResult> {
    let stamp: string | undefined;
    try {
      const info = await stat(resolve(this.#file));
      stamp = `${info.mtimeMs}:${info.size}:${info.ino}`;
    } catch {
      stamp = undefined;
    }
    if (stamp !== undefined && stamp === this.#stamp && this.#cached) return { account: this.#cached };
    const result = await readServiceAccount(this.#file);
    if (isServiceAccountProblem(result)) {
      this.#stamp = undefined;
      this.#cached = undefined;
    } else {
      this.#stamp = stamp;
      this.#cached = result.account;
    }
    return result;
  }
}

/** Why a path that exists was not read, and what to do. */
const refusalProblem: Readonly<Record<"folder" | "not-regular" | "too-large", (shown: string) => string>> = {
  folder: (shown) =>
    `${shown} is a folder, not a file; give the path of the service-account JSON file itself`,
  "not-regular": (shown) =>
    `${shown} is not a regular file (a device, FIFO or socket); give the path of the service-account JSON file itself`,
  "too-large": (shown) =>
    `the file ${shown} is larger than 1 MiB, far more than a service-account key (a few KB); give the path of the key itself`,
};

/** Where a JSON parse error is, without quoting the text (it may hold the private key). */
function wherePositioned(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : "";
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return text.trim() === "" ? "the file is empty" : "it does not parse";
  const offset = Number(position);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `syntax error at line ${line}, column ${column}`;
}
