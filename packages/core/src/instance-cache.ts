import { classify } from "./error-classification.js";
import type { GatewayDefinition } from "./gateway-definition.js";
import { buildEntry, type Entry, type InstanceCacheDependencies } from "./instance-entry.js";
import { type InstanceLease, Lease } from "./instance-lease.js";

export type { InstanceCacheDependencies } from "./instance-entry.js";
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
}

/** Create the cache of provider instances used by the send pipeline. */
export function createInstanceCache(dependencies: InstanceCacheDependencies): ProviderInstanceCache {
  const entries = new Map<string, Entry>();
  const closing = new Set<Promise<void>>();

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

  const release = (entry: Entry): void => {
    entry.inFlight--;
    if (entry.retired && entry.inFlight === 0) closeEntry(entry);
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
      const all = [...entries.values()];
      for (const entry of all) retireEntry(entry);
      await Promise.all([...all.map((entry) => entry.closed), ...closing]);
    },
  };
}
