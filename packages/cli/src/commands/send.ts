import {
  type MessageInput,
  type MessageStatus,
  type SendAttempt,
  type SendResult,
  SmsError,
} from "@smskit/core";
import type { CliIo } from "../cli-io.js";
import { parseKeyValues } from "../key-value.js";
import { jsonOption, keyValue } from "../option-specs.js";
import { writeJson } from "../output.js";
import { readStandardInput } from "../standard-input.js";
import { usageError } from "../usage-error.js";
import type { Command, CommandContext } from "./command-context.js";
import { waitForFinalStatus } from "./wait-receipt.js";

/**
 * `smskit send <target> <to> <message>`: send one message through a gateway or a route. A message
 * of `-` is read from standard input exactly as given, less one trailing newline.
 */
async function sendMessage({
  io,
  flags,
  arguments: args,
  smskit,
}: CommandContext): Promise<number | undefined> {
  const [target = "", to = "", text = ""] = args;
  const message: MessageInput = {
    text: text === "-" ? await readMessage(io) : text,
    ...(flags.title === undefined ? {} : { title: flags.title }),
    ...(flags.data === undefined ? {} : { data: parseKeyValues("data", flags.data) }),
  };
  const timeoutMs = flags.timeout === undefined ? undefined : parseTimeout(flags.timeout, "--timeout");
  const waitMs =
    flags["wait-receipt"] === undefined ? undefined : parseTimeout(flags["wait-receipt"], "--wait-receipt");
  const options = {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(flags["idempotency-key"] === undefined ? {} : { idempotencyKey: flags["idempotency-key"] }),
  };
  let result: SendResult;
  try {
    result = await smskit.send(target, to, message, options);
  } catch (error) {
    if (error instanceof SmsError) reportAttempts(io, flags.json === true, error);
    throw error;
  }
  if (waitMs === undefined) {
    if (flags.json) writeJson(io.stdout, result);
    else io.stdout.write(`${describeResult(result)}\n`);
    return undefined;
  }
  if (!flags.json) io.stdout.write(`${describeResult(result)}\n`);
  const status = await waitForFinalStatus(smskit, result.id, waitMs);
  if (flags.json) writeJson(io.stdout, { ...result, status });
  else io.stdout.write(`${describeStatus(status, waitMs)}\n`);
  return exitCodeOf(status);
}

/** 0 delivered, 1 definitely not delivered, 3 no final status in time. */
function exitCodeOf(status: MessageStatus): number {
  if (status === "delivered") return 0;
  if (status === "failed" || status === "undelivered" || status === "expired" || status === "rejected")
    return 1;
  return 3;
}

function describeStatus(status: MessageStatus, waitMs: number): string {
  if (exitCodeOf(status) === 3) {
    return `Status: ${status} — no final status within ${waitMs / 1000} s (see it later with 'smskit status').`;
  }
  return `Status: ${status}.`;
}

/** A failed send's attempts: as JSON on stdout with --json, else one line each on stderr when there were several. */
function reportAttempts(io: CliIo, json: boolean, error: SmsError): void {
  if (json) {
    writeJson(io.stdout, { error: error.toJSON() });
    return;
  }
  if (error.attempts.length < 2) return;
  for (const attempt of error.attempts) io.stderr.write(`  ${describeAttempt(attempt)}\n`);
}

function describeAttempt(attempt: SendAttempt): string {
  const tries = attempt.tries === undefined ? "" : ` after ${attempt.tries} tries`;
  const why = attempt.code ?? attempt.reason;
  return `${attempt.gateway}: ${attempt.outcome}${tries}${why === undefined ? "" : ` (${why})`}`;
}

/** One sentence on what the gateway accepted. */
function describeResult(result: SendResult): string {
  const facts = [
    result.messageId === undefined ? undefined : `message id ${result.messageId}`,
    result.parts === undefined ? undefined : `${result.parts} ${result.parts === 1 ? "part" : "parts"}`,
    `${Math.round(result.durationMs)} ms`,
  ].filter((fact) => fact !== undefined);
  const earlier = result.attempts.slice(0, -1).map((attempt) => `'${attempt.gateway}' ${attempt.outcome}`);
  const via =
    result.route === undefined
      ? ""
      : ` of route '${result.route}'${earlier.length > 0 ? ` (after ${earlier.join(", ")})` : ""}`;
  const replayed = result.replayed
    ? " (the outcome of the earlier send with this idempotency key; nothing was sent now)"
    : "";
  return `Sent to ${result.to} as message ${result.id} through gateway '${result.gateway}'${via} (provider ${result.provider}): ${facts.join(", ")}.${replayed}`;
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

/** `--timeout SECONDS` (or `--wait-receipt`) in milliseconds. */
function parseTimeout(text: string, flag: string): number {
  const seconds = Number(text);
  if (text.trim() === "" || !Number.isFinite(seconds) || seconds <= 0 || seconds > maximumTimeoutSeconds) {
    throw usageError(
      `${flag} expects a number of seconds greater than 0 and at most ${maximumTimeoutSeconds} (one day), got ${JSON.stringify(text)}`,
    );
  }
  return Math.ceil(seconds * 1000);
}

/** `smskit send`: its specification beside its handler. */
export const sendCommand: Command = {
  spec: {
    path: ["send"],
    summary: "send a message through a gateway or a route",
    details: [
      "Exits 0 when a gateway accepted the message, 1 when delivery failed or its outcome is unknown, 2 when the target or the arguments are wrong. A message that starts with '-' goes after '--': smskit send otp +4912345 -- '-5 degrees'.",
      "With --idempotency-key, a repeat with the same key within 24 hours prints the first outcome and sends nothing, also from another process sharing the store; the same key with another target, recipient or message exits 2 (SMSKIT_E_IDEMPOTENCY_CONFLICT).",
    ],
    arguments: [
      { name: "target", description: "the gateway or route to send through" },
      { name: "to", description: "the recipient: a phone number (sms) or a device token (push)" },
      {
        name: "message",
        description: "the text; '-' reads it from standard input (one trailing newline is removed)",
      },
    ],
    options: [
      { name: "title", value: "TEXT", description: "the title of a push notification" },
      {
        name: "timeout",
        value: "SECONDS",
        description:
          "give up after this many seconds (default 60, at most 86400); the message may or may not have been sent then",
      },
      keyValue("data", "a data entry of a push message"),
      {
        name: "idempotency-key",
        value: "KEY",
        description: "send at most once per KEY: a repeat prints the first outcome without sending",
      },
      {
        name: "wait-receipt",
        value: "SECONDS",
        description:
          "after the gateway accepted it, wait up to SECONDS for a final status (a delivery receipt) and print it; exit 0 delivered, 1 failed, undelivered, expired or rejected, 3 no final status in time",
      },
      jsonOption(
        "the result (id, gateway, route, provider, to, messageId, parts, details, durationMs, attempts; with --wait-receipt also status); on failure the error with its attempts",
      ),
    ],
    examples: [
      "smskit send otp +4915112345678 'Your code is 123456'",
      "echo 'Your code is 123456' | smskit send otp +4915112345678 -",
      "smskit send push d3v1c3-t0k3n 'New login' --title 'Security' --data kind=login --json",
    ],
  },
  store: "read",
  run: sendMessage,
};
