import { writeJson } from "../output.js";
import { usageError } from "../usage-error.js";
import type { Command, CommandContext } from "./command-context.js";

const storeNote =
  "Needs a PostgreSQL store (--store postgres://… or SMSKIT_STORE) with @smskit/queue-postgres installed; the queue lives in the store's database.";

/** The queue's commands: each one's specification beside its handler. */
export const queueCommands: readonly Command[] = [
  {
    spec: {
      path: ["enqueue"],
      summary: "put a message in the durable queue and print its id; a worker sends it",
      details: [
        "Prints the message's id at once, when it is stored: the message log shows it 'queued', and `smskit status ID` follows it to its outcome. A worker (`smskit worker`, here or on another machine) sends it at most once. Past --ttl it becomes 'expired' without being sent.",
        "With --idempotency-key, a repeat with the same key within 24 hours prints the first message's id and enqueues nothing.",
        storeNote,
      ],
      arguments: [
        { name: "target", description: "a gateway or a route" },
        { name: "to", description: "the recipient" },
        { name: "message", description: "the message text" },
      ],
      options: [
        {
          name: "ttl",
          value: "SECONDS",
          description: "send it within SECONDS or not at all (default: no limit)",
        },
        { name: "idempotency-key", value: "KEY", description: "enqueue at most once per KEY" },
        { name: "priority", value: "N", description: "higher goes first (a whole number, default 0)" },
        { name: "json", description: "print the id as JSON" },
      ],
      examples: [
        "smskit enqueue otp +4917012345678 'Your code is 493817' --ttl 300",
        "smskit enqueue otp +4917012345678 'Your code is 493817' --idempotency-key login-7731 --json",
      ],
    },
    store: "read",
    queue: true,
    run: enqueueMessage,
  },
  {
    spec: {
      path: ["worker"],
      summary: "send what the durable queue holds, until SIGINT or SIGTERM",
      details: [
        "Takes jobs from the queue and sends each message at most once: it marks the message 'sending' in the database before the gateway is called, and a message already 'sending' or final is not sent again. A message whose worker died between the two is recorded 'unknown' — reported, never resent, unless its route says onUnknown: continue. Retry-safe failures are retried with backoff; when the retries are used up the message is 'failed'.",
        "SIGINT or SIGTERM stops taking jobs and finishes the sends in flight, then prints what the worker did. Run as many workers as you like, on as many machines.",
        storeNote,
      ],
      arguments: [],
      options: [
        { name: "concurrency", value: "N", description: "at most N sends at once (default 16)" },
        { name: "json", description: "print the counts at the end as JSON" },
      ],
      examples: ["smskit worker --store postgres://smskit@db/smskit --concurrency 32"],
    },
    store: "read",
    queue: true,
    run: runWorker,
  },
];

async function enqueueMessage({ io, flags, arguments: args, smskit }: CommandContext): Promise<void> {
  const [target = "", to = "", text = ""] = args;
  const id = await smskit.enqueue(target, to, text, {
    ...(flags.ttl === undefined ? {} : { ttlSeconds: wholeNumber(flags.ttl, "--ttl", 1) }),
    ...(flags.priority === undefined
      ? {}
      : { priority: wholeNumber(flags.priority, "--priority", -1_000_000) }),
    ...(flags["idempotency-key"] === undefined ? {} : { idempotencyKey: flags["idempotency-key"] }),
  });
  if (flags.json) writeJson(io.stdout, { id, status: "queued" });
  else io.stdout.write(`${id}\n`);
}

async function runWorker({ io, flags, smskit }: CommandContext): Promise<void> {
  const concurrency =
    flags.concurrency === undefined ? 16 : wholeNumber(flags.concurrency, "--concurrency", 1);
  const worker = smskit.work({ concurrency });
  io.stderr.write(
    `smskit worker: sending with concurrency ${concurrency}; stop with Ctrl-C (SIGINT) or SIGTERM\n`,
  );
  const stop = (signal: NodeJS.Signals) => {
    io.stderr.write(`${signal}: no more jobs are taken; finishing the sends in flight\n`);
    void worker.stop();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    await worker.done;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
  const { counts } = worker;
  if (flags.json) {
    writeJson(io.stdout, counts);
    return;
  }
  io.stdout.write(
    `Worker: ${counts.sent} sent, ${counts.failed} failed, ${counts.retried} to retry, ${counts.unknown} unknown, ${counts.expired} expired, ${counts.skipped} already settled.\n`,
  );
}

function wholeNumber(text: string, flag: string, minimum: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < minimum || !Number.isSafeInteger(value)) {
    throw usageError(`${flag} expects a whole number of at least ${minimum}, got ${JSON.stringify(text)}`);
  }
  return value;
}
