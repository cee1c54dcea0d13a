import type { TextSink } from "./cli-io.js";

/** A writable stream as the guard needs it: `process.stdout` or a file stream. */
export interface GuardedStream {
  write(text: string, callback: (error?: Error | null) => void): boolean;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** The command's standard output, made safe against a closed pipe and a full disk. */
export interface OutputGuard {
  /** What the command writes to. Once writing failed, what follows is dropped. */
  readonly sink: TextSink;
  /**
   * Wait until everything written has gone out or failed. Resolves with the error that stopped
   * the output, or undefined when it all went out or the reader closed the pipe (EPIPE: the
   * reader wanted no more, as `| head -1` does).
   */
  finished(): Promise<NodeJS.ErrnoException | undefined>;
}

/**
 * Guard a stream: its `error` event (EPIPE when the reader went away, ENOSPC on a full disk)
 * no longer crashes the process with a stack trace; writing just stops.
 */
export function guardOutput(stream: GuardedStream): OutputGuard {
  let failure: NodeJS.ErrnoException | undefined;
  let stopped = false;
  let pending: Promise<void> = Promise.resolve();
  const stop = (error: Error) => {
    if (stopped) return;
    stopped = true;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPIPE") failure = error as NodeJS.ErrnoException;
  };
  stream.on("error", stop);
  return {
    sink: {
      write(text: string): boolean {
        if (stopped) return false;
        pending = new Promise((resolve) => {
          stream.write(text, (error) => {
            if (error) stop(error);
            resolve();
          });
        });
        return true;
      },
    },
    async finished() {
      await pending;
      return failure;
    },
  };
}
