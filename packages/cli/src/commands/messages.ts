import { isMessageStatus, type MessageQuery, type MessageView, messageStatuses } from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import { writeFields, writeJson, writeTable } from "../output.js";
import { usageError } from "../usage-error.js";
import type { Command, CommandContext } from "./command-context.js";

/** The message-log commands: each one's specification beside its handler. */
export const messageCommands: readonly Command[] = [
  {
    spec: {
      path: ["status"],
      summary: "show a message's status and history from the message log",
      details: [
        "ID is the id a send printed (smskit send --json shows it as 'id'). The history lists every status change and every receipt, also those that changed nothing (a repeat, or one after a final status). Exits 2 when the log has no message with that id (never sent from this store, or pruned after the retention).",
      ],
      arguments: [{ name: "id", description: "the message's id (a ULID)" }],
      options: [
        { name: "json", description: "print the record (status, history, gateway ids, parts) as JSON" },
      ],
      examples: [
        "smskit status 01JD6Z3Q5C8K2V7N4X0M9B1R2T",
        "smskit status 01JD6Z3Q5C8K2V7N4X0M9B1R2T --json",
      ],
    },
    store: "read",
    run: showStatus,
  },
  {
    spec: {
      path: ["messages"],
      summary: "list the message log, newest first",
      details: [
        "The log never holds message texts; recipients are masked to their last 4 digits unless the application keeps them in full.",
      ],
      arguments: [],
      options: [
        { name: "status", value: messageStatuses.join("|"), description: "only messages in this status" },
        {
          name: "gateway",
          value: "NAME",
          multiple: true,
          description: "only messages sent through this gateway (given more than once: the last one)",
        },
        {
          name: "since",
          value: "ISO-TIME",
          description: "only messages sent at or after this time, e.g. 2026-12-01T00:00:00Z",
        },
        { name: "limit", value: "N", description: "at most N messages (default 100)" },
        { name: "json", description: "print the records as JSON" },
      ],
      examples: [
        "smskit messages --status undelivered",
        "smskit messages --gateway otp --since 2026-12-01T00:00:00Z --json",
      ],
    },
    store: "read",
    run: listMessages,
  },
];

async function showStatus({ io, flags, arguments: args, smskit }: CommandContext): Promise<void> {
  const [id = ""] = args;
  const record = await smskit.status(id);
  if (!record)
    throw coreErrors.SMSKIT_E_MESSAGE_NOT_FOUND.create({
      id,
      hint: "(never sent from this store, or pruned)",
    });
  if (flags.json) {
    writeJson(io.stdout, record);
    return;
  }
  writeFields(io.stdout, [
    ["id", record.id],
    ["status", record.status],
    ["target", record.target],
    ["gateway", record.gateway ?? "-"],
    ["to", record.to ?? "-"],
    ["gateway ids", record.messageIds.join(", ") || "-"],
    ["parts", record.parts === undefined ? "-" : String(record.parts)],
    ["error", record.errorCode ?? "-"],
    ["sent", record.createdAt],
  ]);
  io.stdout.write("history:\n");
  writeTable(
    io.stdout,
    ["TIME", "STATUS", "SOURCE", "NOTE"],
    record.history.map((change) => [
      change.at,
      change.status,
      change.source,
      [
        change.part && `part ${change.part}`,
        change.errorCode && `error ${change.errorCode}`,
        change.ignored && "ignored (no change)",
      ]
        .filter(Boolean)
        .join("; ") || undefined,
    ]),
  );
}

async function listMessages({ io, flags, smskit }: CommandContext): Promise<void> {
  const records = await smskit.messages(parseQuery(flags));
  if (flags.json) {
    writeJson(io.stdout, records);
    return;
  }
  if (records.length === 0) {
    io.stdout.write("No messages.\n");
    return;
  }
  writeTable(
    io.stdout,
    ["ID", "STATUS", "GATEWAY", "TO", "SENT"],
    records.map((record: MessageView) => [
      record.id,
      record.status,
      record.gateway,
      record.to,
      record.createdAt,
    ]),
  );
}

function parseQuery(flags: CommandContext["flags"]): MessageQuery {
  const status = flags.status;
  if (status !== undefined && !isMessageStatus(status)) {
    throw usageError(`--status must be one of ${messageStatuses.join(", ")}, got ${JSON.stringify(status)}`);
  }
  let since: number | undefined;
  if (flags.since !== undefined) {
    since = Date.parse(flags.since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(flags.since) || Number.isNaN(since)) {
      throw usageError(
        `--since expects an ISO time such as 2026-12-01T00:00:00Z, got ${JSON.stringify(flags.since)}`,
      );
    }
  }
  let limit: number | undefined;
  if (flags.limit !== undefined) {
    limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw usageError(`--limit expects a whole number from 1 to 10000, got ${JSON.stringify(flags.limit)}`);
    }
  }
  return { status, gateway: flags.gateway?.at(-1), since, limit };
}
