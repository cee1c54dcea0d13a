/** The outcome label of a send. */
export type SendOutcome = "success" | "failure";

/** Upper bounds (seconds) of the duration histogram's buckets. */
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

interface Series {
  gateway: string;
  provider: string;
  outcome: SendOutcome;
  count: number;
  sum: number;
  buckets: number[];
}

/** A snapshot of one gateway/outcome series. */
export interface SendSeries {
  readonly gateway: string;
  readonly provider: string;
  readonly outcome: SendOutcome;
  readonly count: number;
  /** Total duration in seconds. */
  readonly sum: number;
  /** Cumulative counts per bucket of `durationBuckets`. */
  readonly buckets: readonly number[];
}

/** Counters and a duration histogram per gateway and outcome. Recording is O(buckets), no allocation per send. */
export class SendMetrics {
  readonly #series = new Map<string, Series>();

  /** Record one finished send. */
  record(gateway: string, provider: string, outcome: SendOutcome, durationSeconds: number): void {
    const key = `${gateway}\u0000${outcome}`;
    let series = this.#series.get(key);
    if (!series) {
      series = { gateway, provider, outcome, count: 0, sum: 0, buckets: durationBuckets.map(() => 0) };
      this.#series.set(key, series);
    }
    series.count++;
    series.sum += durationSeconds;
    for (let index = 0; index < durationBuckets.length; index++) {
      if (durationSeconds <= (durationBuckets[index] as number))
        series.buckets[index] = (series.buckets[index] as number) + 1;
    }
  }

  /** Every series, ordered by gateway then outcome. */
  snapshot(): SendSeries[] {
    return [...this.#series.values()]
      .map((series) => ({ ...series, buckets: [...series.buckets] }))
      .sort((a, b) => a.gateway.localeCompare(b.gateway) || a.outcome.localeCompare(b.outcome));
  }

  /** The metrics in Prometheus' text exposition format. */
  toPrometheus(): string {
    const lines = [
      "# HELP smskit_sends_total Messages sent, by gateway and result.",
      "# TYPE smskit_sends_total counter",
    ];
    const series = this.snapshot();
    for (const entry of series) lines.push(`smskit_sends_total{${labels(entry)}} ${entry.count}`);
    lines.push("# HELP smskit_send_duration_seconds Time a send took, by gateway and result.");
    lines.push("# TYPE smskit_send_duration_seconds histogram");
    for (const entry of series) {
      durationBuckets.forEach((bound, index) => {
        lines.push(
          `smskit_send_duration_seconds_bucket{${labels(entry)},le="${bound}"} ${entry.buckets[index]}`,
        );
      });
      lines.push(`smskit_send_duration_seconds_bucket{${labels(entry)},le="+Inf"} ${entry.count}`);
      lines.push(`smskit_send_duration_seconds_sum{${labels(entry)}} ${entry.sum}`);
      lines.push(`smskit_send_duration_seconds_count{${labels(entry)}} ${entry.count}`);
    }
    return `${lines.join("\n")}\n`;
  }
}

function labels(series: SendSeries): string {
  return `gateway="${escapeLabel(series.gateway)}",provider="${escapeLabel(series.provider)}",result="${series.outcome}"`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
