import { classify } from "./error-classification.js";
import type { GatewayDefinition } from "./gateway-definition.js";
import { buildEntry, type Entry, type InstanceCacheDependencies } from "./instance-entry.js";
import { type InstanceLease, Lease } from "./instance-lease.js";
import { checkInstanceLimits, type InstanceCounts, sweepInterval } from "./instance-limits.js";

export type { InstanceCacheDependencies, InstanceLimits } from "./instance-entry.js";
export type { InstanceLease, LeaseMessage } from "./instance-lease.js";

/** Provider instances, one per gateway revision, reused across sends and closed when retired. */
export interface ProviderInstanceCache {
  /** A lease on the instance for this revision: at once when it is ready, else once it is created. */
  acquire(definition: GatewayDefinition): InstanceLease | Promise<InstanceLease>;
  /** The definition changed or is gone: close its instance once its in-flight sends finish. */
  retire(name: string): void;
  /** Retire the instances of every gateway that looked up this SMTP server. */
  retireUsersOfSmtpServer(name: string): void;
  /** Retire the instances whose SMTP server changed since they looked it up (another process saved it). */
  refreshReferences(currentRevision: (name: string) => Promise<number | undefined>): Promise<void>;
  /** Retire everything and wait until every instance is closed. */
  closeAll(): Promise<void>;
  /** How many instances are open, and how many were closed for being idle or over the cap. */
  counts(): InstanceCounts;
}

/**
 * Create the cache of provider instances used by the send pipeline. An instance unused for
 * `limits.idleMs` is closed by a sweep (an unref'd timer that runs only while instances are open);
 * opening one beyond `limits.max` closes the least recently used idle ones. An instance with a
 * lease out (a send, a check, a status callback being read) is never closed for either reason.
 */
export function createInstanceCache(dependencies: InstanceCacheDependencies): ProviderInstanceCache {
  const { idleMs, max } = checkInstanceLimits(dependencies.limits);
  const now = dependencies.now;
  const entries = new Map<string, Entry>();
  const closing = new Set<Promise<void>>();
  const closed = { idle: 0, capacity: 0 };
  let sweeper: ReturnType<typeof setInterval> | undefined;

  const closeEntry = (entry: Entry): void => {
    const done = entry.instance
      .then((instance) => instance.close?.())
      .catch((error: unknown) => {
        dependencies.logger.warn("closing a provider instance failed", {
          gateway: entry.definition.name,
          error: entry.redact(String((error as Error)?.message ?? error)),
        });
      })
      .finally(() => {
        closing.delete(done);
        entry.markClosed();
      });
    closing.add(done);
  };

  const retireEntry = (entry: Entry): void => {
    if (entry.retired) return;
    entry.retired = true;
    if (entries.get(entry.definition.name) === entry) entries.delete(entry.definition.name);
    if (entry.inFlight === 0) closeEntry(entry);
  };

  const retireUnused = (entry: Entry): void => {
    retireEntry(entry);
    dependencies.unused?.(entry.definition.name);
  };

  const release = (entry: Entry): void => {
    entry.inFlight--;
    entry.lastUsed = now();
    if (entry.inFlight > 0) return;
    if (entry.retired) closeEntry(entry);
    else if (entries.size > max) enforceCap(undefined);
  };

  /** Close idle instances, least recently used first, until at most `max` are open (`keep` stays). */
  const enforceCap = (keep: Entry | undefined): void => {
    if (entries.size <= max) return;
    const idle = [...entries.values()]
      .filter((entry) => entry !== keep && entry.inFlight === 0)
      .sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of idle) {
      if (entries.size <= max) break;
      closed.capacity++;
      retireUnused(entry);
    }
  };

  const sweep = (): void => {
    const cutoff = now() - idleMs;
    for (const entry of [...entries.values()]) {
      if (entry.inFlight === 0 && entry.lastUsed <= cutoff) {
        closed.idle++;
        retireUnused(entry);
      }
    }
    if (entries.size === 0) stopSweeping();
  };

  const startSweeping = (): void => {
    if (sweeper !== undefined || !Number.isFinite(idleMs)) return;
    sweeper = setInterval(sweep, sweepInterval(idleMs));
    sweeper.unref();
  };

  const stopSweeping = (): void => {
    clearInterval(sweeper);
    sweeper = undefined;
  };

  const pending = new Map<string, Promise<Entry>>();

  const entryFor = async (definition: GatewayDefinition): Promise<Entry> => {
    const existing = entries.get(definition.name);
    if (existing && existing.definition.revision === definition.revision) return existing;
    const key = `${definition.name}\u0000${definition.revision}`;
    let building = pending.get(key);
    if (!building) {
      building = buildEntry(definition, dependencies, release).finally(() => pending.delete(key));
      pending.set(key, building);
      const entry = await building;
      const current = entries.get(definition.name);
      if (current && current !== entry) retireEntry(current);
      entries.set(definition.name, entry);
      enforceCap(entry);
      startSweeping();
      return entry;
    }
    return building;
  };

  const acquireWhenCreated = async (definition: GatewayDefinition): Promise<InstanceLease> => {
    const entry = await entryFor(definition);
    entry.inFlight++;
    try {
      return new Lease(entry, await entry.instance);
    } catch (error) {
      entry.release();
      retireEntry(entry);
      // create() failed: no send was started, so nothing can have gone out.
      throw classify(error, entry.subject, undefined, undefined, 0, true);
    }
  };

  return {
    acquire(definition) {
      const ready = entries.get(definition.name);
      if (ready?.resolved && ready.definition.revision === definition.revision) {
        ready.inFlight++;
        return new Lease(ready, ready.resolved);
      }
      return acquireWhenCreated(definition);
    },
    retire(name) {
      const entry = entries.get(name);
      if (entry) retireEntry(entry);
    },
    retireUsersOfSmtpServer(name) {
      for (const entry of [...entries.values()]) if (entry.smtpServers.has(name)) retireEntry(entry);
    },
    async refreshReferences(currentRevision) {
      for (const entry of [...entries.values()]) {
        for (const [name, revision] of entry.smtpServers) {
          if ((await currentRevision(name)) !== revision) {
            retireEntry(entry);
            break;
          }
        }
      }
    },
    async closeAll() {
      stopSweeping();
      const all = [...entries.values()];
      for (const entry of all) retireEntry(entry);
      await Promise.all([...all.map((entry) => entry.closed), ...closing]);
    },
    counts() {
      return { open: entries.size, closedIdle: closed.idle, closedCapacity: closed.capacity };
    },
  };
}
