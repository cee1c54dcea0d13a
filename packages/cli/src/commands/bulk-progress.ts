import type { BulkProgress } from "@smskit/core";

/** A progress display of a bulk send: a bar on a terminal, nothing otherwise. */
export interface ProgressDisplay {
  update(progress: BulkProgress): void;
  stop(): void;
}

/** No display at all (`--json`, or not a terminal). */
export const noProgress: ProgressDisplay = { update() {}, stop() {} };

/**
 * The progress bar (cli-progress) on a terminal `stream`: done / total when the total is known,
 * the rate, the ETA and the failures. Elsewhere (a pipe, a file, `--json`) no bar. cli-progress
 * is loaded only here, so commands other than `bulk` (and `bulk` off a terminal) never load it.
 */
export async function progressDisplay(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  total: number | undefined,
): Promise<ProgressDisplay> {
  if (stream.isTTY !== true) return noProgress;
  // A CommonJS module: its exports are the default export of the dynamic import.
  const imported = (await import("cli-progress")) as unknown as { default: typeof import("cli-progress") };
  const cliProgress = imported.default;
  const known = total !== undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: known
        ? "{bar} {value}/{total} | {rate}/s | ETA {eta_formatted} | failed {failed} | unknown {unknown}"
        : "sent {value} | {rate}/s | failed {failed} | unknown {unknown}",
      hideCursor: false,
      clearOnComplete: false,
      stopOnComplete: false,
      fps: 10,
      etaBuffer: 100,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(total ?? 0, 0, { rate: "0", failed: 0, unknown: 0 });
  return {
    update(progress) {
      const seconds = (performance.now() - started) / 1000;
      bar.update(progress.done, {
        rate: seconds > 0 ? Math.round(progress.done / seconds).toLocaleString("en-US") : "0",
        failed: progress.failed,
        unknown: progress.unknown,
      });
    },
    stop() {
      bar.stop();
    },
  };
}
