/** A connection pool that can be closed gracefully or destroyed (undici's Pool, Agent, ProxyAgent, Client). */
export interface ClosablePool {
  close(): Promise<unknown>;
  destroy(): Promise<unknown>;
  /** undici's counters (Pool, Client: `running`, `pending`, `queued`; Agent: those per origin). */
  readonly stats?: unknown;
}

/** How long `closeGracefully` lets requests in flight finish by default. */
export const closeGraceMs = 1000;

/** How often a pool's counters are looked at while requests are still in flight. */
const pollMs = 10;

/**
 * Close a pool: let requests in flight finish for `graceMs`, then destroy what is still open.
 * Resolves when every socket is released; never rejects (a failed destroy is ignored).
 *
 * A pool with counters (undici's Pool, Client and Agent) is watched until it is idle and only
 * then closed — an Agent forgets its connections once `close()` is called, so a `destroy()`
 * after it would cut nothing. Without counters (ProxyAgent), `close()` runs at once and
 * `destroy()` follows if it has not finished within the grace.
 */
export async function closeGracefully(pool: ClosablePool, graceMs = closeGraceMs): Promise<void> {
  const deadline = Date.now() + graceMs;
  if (busy(pool.stats) !== undefined) {
    while (busy(pool.stats) === true && Date.now() < deadline)
      await sleep(Math.min(pollMs, deadline - Date.now()));
    if (busy(pool.stats) === true) await pool.destroy().catch(() => {});
    else await pool.close().catch(() => pool.destroy().catch(() => {}));
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), graceMs);
  });
  const graceful = pool.close().then(
    () => "closed" as const,
    () => "late" as const,
  );
  const outcome = await Promise.race([graceful, late]);
  clearTimeout(timer);
  if (outcome === "late") await pool.destroy().catch(() => {});
}

/** Whether the counters show work in flight; undefined when there are no counters to read. */
function busy(stats: unknown): boolean | undefined {
  if (stats === null || typeof stats !== "object") return undefined;
  const counters = stats as Record<string, unknown>;
  const own = ["running", "pending", "queued"].filter((key) => typeof counters[key] === "number");
  if (own.length > 0) return own.some((key) => (counters[key] as number) > 0);
  // An Agent: counters per origin (none at all when it holds no connection).
  return Object.values(counters).some((entry) => busy(entry) === true);
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(1, milliseconds)));
}
