import type { LogFields, Logger } from "@smskit/provider";

export type { LogFields, Logger } from "@smskit/provider";

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** A logger whose every line carries the given fields. */
export function childLogger(parent: Logger, bound: LogFields): Logger {
  return {
    debug: (message, fields) => parent.debug(message, { ...bound, ...fields }),
    info: (message, fields) => parent.info(message, { ...bound, ...fields }),
    warn: (message, fields) => parent.warn(message, { ...bound, ...fields }),
    error: (message, fields) => parent.error(message, { ...bound, ...fields }),
  };
}

/** A logger writing one line per entry to stderr: `level message {fields}`. */
export function stderrLogger(minimum: "debug" | "info" | "warn" | "error" = "info"): Logger {
  const levels = ["debug", "info", "warn", "error"] as const;
  const threshold = levels.indexOf(minimum);
  const write = (level: (typeof levels)[number]) => (message: string, fields?: LogFields) => {
    if (levels.indexOf(level) < threshold) return;
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
    process.stderr.write(`${level} ${message}${suffix}\n`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
