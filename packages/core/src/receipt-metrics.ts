import type { ReceiptStatus } from "@smskit/provider";

/** Upper bounds (seconds) of the submit-to-delivery histogram's buckets. */
const deliveryBuckets = [1, 2, 5, 10, 30, 60, 120, 300, 900, 3600] as const;

interface DeliverySeries {
  count: number;
  sum: number;
  buckets: number[];
}

/** Receipts by gateway and status, and how long delivery took from submit, per gateway. */
export class ReceiptMetrics {
  readonly #receipts = new Map<string, { gateway: string; status: ReceiptStatus; count: number }>();
  readonly #delivery = new Map<string, DeliverySeries>();

  /** Count one receipt. */
  receipt(gateway: string, status: ReceiptStatus): void {
    const key = `${gateway}\u0000${status}`;
    const entry = this.#receipts.get(key);
    if (entry) entry.count++;
    else this.#receipts.set(key, { gateway, status, count: 1 });
  }

  /** Record the time from submit to `delivered` of one message. */
  delivered(gateway: string, seconds: number): void {
    let series = this.#delivery.get(gateway);
    if (!series) {
      series = { count: 0, sum: 0, buckets: deliveryBuckets.map(() => 0) };
      this.#delivery.set(gateway, series);
    }
    series.count++;
    series.sum += seconds;
    deliveryBuckets.forEach((bound, index) => {
      if (seconds <= bound) series.buckets[index] = (series.buckets[index] as number) + 1;
    });
  }

  /** The metrics in Prometheus' text exposition format (empty when nothing was recorded). */
  toPrometheus(): string {
    if (this.#receipts.size === 0 && this.#delivery.size === 0) return "";
    const lines = [
      "# HELP smskit_receipts_total Delivery receipts and status callbacks, by gateway and status.",
      "# TYPE smskit_receipts_total counter",
    ];
    const receipts = [...this.#receipts.values()].sort(
      (a, b) => a.gateway.localeCompare(b.gateway) || a.status.localeCompare(b.status),
    );
    for (const entry of receipts) {
      lines.push(
        `smskit_receipts_total{gateway="${escapeLabel(entry.gateway)}",status="${entry.status}"} ${entry.count}`,
      );
    }
    lines.push("# HELP smskit_delivery_seconds Time from submit to delivered, by gateway.");
    lines.push("# TYPE smskit_delivery_seconds histogram");
    for (const [gateway, series] of [...this.#delivery].sort(([a], [b]) => a.localeCompare(b))) {
      const label = `gateway="${escapeLabel(gateway)}"`;
      deliveryBuckets.forEach((bound, index) => {
        lines.push(`smskit_delivery_seconds_bucket{${label},le="${bound}"} ${series.buckets[index]}`);
      });
      lines.push(`smskit_delivery_seconds_bucket{${label},le="+Inf"} ${series.count}`);
      lines.push(`smskit_delivery_seconds_sum{${label}} ${series.sum}`);
      lines.push(`smskit_delivery_seconds_count{${label}} ${series.count}`);
    }
    return `${lines.join("\n")}\n`;
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
