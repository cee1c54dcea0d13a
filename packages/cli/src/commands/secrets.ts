import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { createKeyFile, readKeyFile } from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import { moveIntoPlace, stageFile, writeFileAtomically } from "../atomic-file.js";
import { usageError } from "../usage-error.js";
import type { Command, CommandContext } from "./command-context.js";

/**
 * `smskit secrets rotate --new-key-file PATH`: re-encrypt every secret with the key in PATH
 * (created when absent), then keep the new key where the next start finds it: the store's key
 * file is replaced atomically (the old key kept as `<store>.key.old`); for `SMSKIT_SECRET_KEY`
 * the command says that the variable must now hold the new key. A key is never printed.
 */
async function rotateSecrets({ io, flags, smskit }: CommandContext): Promise<void> {
  const path = resolve(io.cwd, flags["new-key-file"] ?? "");
  const created = !existsSync(path);
  const newKey = created ? (createKeyFile(path, { ifAbsent: true }) ?? readKeyFile(path)) : readKeyFile(path);
  if (created) io.stdout.write(`Created the new key file ${path} (mode 0600).\n`);

  const { source, file } = smskit.secretKey;
  const keyFile = source === "file" ? file : undefined;
  // No key file yet: the store holds no secret (smskit refuses to open one that does without it).
  const currentText =
    keyFile === undefined || !existsSync(keyFile) ? undefined : readFileSync(keyFile, "utf8");
  const currentKey =
    keyFile !== undefined && currentText !== undefined
      ? readKeyFile(keyFile)
      : source === "environment"
        ? Buffer.from((io.env.SMSKIT_SECRET_KEY ?? "").trim(), "base64")
        : undefined;
  if (currentKey?.equals(newKey)) {
    throw usageError(
      `${path} holds the key already in use; give a file with another key, or a path that does not exist to have a new key made`,
    );
  }

  // The new key is on disk beside the key file before the store changes; afterwards only a rename is left.
  const staged =
    keyFile === undefined ? undefined : await stageFile(keyFile, `${newKey.toString("base64")}\n`);
  let counts: { gateways: number; smtpServers: number };
  try {
    counts = await smskit.rotateSecretKey(newKey);
  } catch (error) {
    if (staged !== undefined) await rm(staged, { force: true });
    throw error;
  }
  io.stdout.write(
    `Re-encrypted the secrets of ${plural(counts.gateways, "gateway")} and ${plural(counts.smtpServers, "SMTP server")} with the new key.\n`,
  );

  if (keyFile !== undefined && staged !== undefined && currentText === undefined) {
    await moveIntoPlace(staged, keyFile);
    io.stdout.write(`The key file ${keyFile} now holds the new key.\n`);
  } else if (keyFile !== undefined && staged !== undefined && currentText !== undefined) {
    try {
      await writeFileAtomically(`${keyFile}.old`, currentText);
      await moveIntoPlace(staged, keyFile);
    } catch (error) {
      await rm(staged, { force: true });
      throw coreErrors.SMSKIT_E_SECRET_KEY.create(
        {
          problem: `the secrets are encrypted with the new key, but the key file ${keyFile} could not be replaced (${(error as Error).message}); copy ${path} to ${keyFile} before smskit runs again`,
        },
        { cause: error },
      );
    }
    io.stdout.write(
      `The key file ${keyFile} now holds the new key; the old key is kept in ${keyFile}.old (mode 0600) — delete it once no backup needs it.\n`,
    );
  } else if (source === "environment") {
    io.stdout.write(
      `The key came from SMSKIT_SECRET_KEY: SMSKIT_SECRET_KEY must now be set to the new key (the contents of ${path}) wherever smskit uses this store; with the old value the secrets cannot be decrypted.\n`,
    );
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** `smskit secrets rotate`: its specification beside its handler. */
export const rotateSecretsCommand: Command = {
  spec: {
    path: ["secrets", "rotate"],
    summary: "re-encrypt every secret with a new key",
    details: [
      "Reads the new key (base64 of 32 bytes) from --new-key-file, creating that file with a fresh key (mode 0600) when it does not exist, and re-encrypts every secret in one transaction: all of them or none.",
      "When the current key is the store's key file <store>.key, that file then holds the new key and the old key is kept as <store>.key.old. When it is SMSKIT_SECRET_KEY, set SMSKIT_SECRET_KEY to the new key (the contents of the file) before smskit runs again. Stop other processes using the store while rotating.",
    ],
    arguments: [],
    options: [
      {
        name: "new-key-file",
        value: "PATH",
        required: true,
        description: "the file holding the new key; created with a fresh key when it does not exist",
      },
    ],
    examples: ["smskit secrets rotate --new-key-file /secure/place/new.key"],
  },
  store: "write",
  run: rotateSecrets,
};
