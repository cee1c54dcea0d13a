import type { MessageInput, SendResult } from "@smskit/core";
import type { CliIo } from "../cli-io.js";
import { parseKeyValues } from "../key-value.js";
import { writeJson } from "../output.js";
import { readStandardInput } from "../standard-input.js";
import { usageError } from "../usage-error.js";
import type { CommandContext } from "./command-context.js";

/**
 * `smskit send <gateway> <to> <message>`: send one message. A message of `-` is read from
 * standard input exactly as given, less one trailing newline.
 */
export async function sendMessage({ io, flags, arguments: args, smskit }: CommandContext): Promise<void> {
  const [gateway = "", to = "", text = ""] = args;
  const message: MessageInput = {
    text: text === "-" ? await readMessage(io) : text,
    ...(flags.title === undefined ? {} : { title: flags.title }),
    ...(flags.data === undefined ? {} : { data: parseKeyValues("data", flags.data) }),
  };
  const timeoutMs = flags.timeout === undefined ? undefined : parseTimeout(flags.timeout);
  const result = await smskit.send(gateway, to, message, timeoutMs === undefined ? {} : { timeoutMs });
  if (flags.json) writeJson(io.stdout, result);
  else io.stdout.write(`${describeResult(result)}\n`);
}

/** One sentence on what the gateway accepted. */
function describeResult(result: SendResult): string {
  const facts = [
    result.messageId === undefined ? undefined : `message id ${result.messageId}`,
    result.parts === undefined ? undefined : `${result.parts} ${result.parts === 1 ? "part" : "parts"}`,
    `${Math.round(result.durationMs)} ms`,
  ].filter((fact) => fact !== undefined);
  return `Sent to ${result.to} through gateway '${result.gateway}' (provider ${result.provider}): ${facts.join(", ")}.`;
}

/** Standard input as text, with one trailing newline (`\n` or `\r\n`) removed. */
async function readMessage(io: CliIo): Promise<string> {
  const text = await readStandardInput(io);
  if (text.endsWith("\r\n")) return text.slice(0, -2);
  if (text.endsWith("\n")) return text.slice(0, -1);
  return text;
}

/** The longest `--timeout`, in seconds: one day, as for every time value of a provider. */
const maximumTimeoutSeconds = 86_400;

/** `--timeout SECONDS` in milliseconds. */
function parseTimeout(text: string): number {
  const seconds = Number(text);
  if (text.trim() === "" || !Number.isFinite(seconds) || seconds <= 0 || seconds > maximumTimeoutSeconds) {
    throw usageError(
      `--timeout expects a number of seconds greater than 0 and at most ${maximumTimeoutSeconds} (one day), got ${JSON.stringify(text)}`,
    );
  }
  return Math.ceil(seconds * 1000);
}
