import { PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/** The young generation's size (both semi-spaces) at which a bulk run stops letting it grow. */
export const youngGenerationCap = 16 * 1024 * 1024;

/**
 * Keep the resident set of a long bulk run flat. While a steady stream of sends keeps objects
 * alive across collections, V8 doubles its young generation again and again — up to 64 MB
 * semi-spaces on a machine with much memory — and the pages it took stay resident, though a
 * collection leaves only a few MB alive in them. Once the young generation has reached
 * `youngGenerationCap`, V8's semi-space growth factor is set to 1: it stops growing (V8 reads the
 * factor each time it considers growing it). The flag is set in this process, so signals, exit
 * codes and the crash-safety of the journal stay those of the command. Returns a function that
 * stops the check.
 */
export function capYoungGeneration(cap: number = youngGenerationCap): () => void {
  const reached = () => {
    if (youngGenerationSize() < cap) return false;
    setFlagsFromString("--semi-space-growth-factor=1");
    return true;
  };
  if (reached()) return () => {};
  // The young generation grows at a collection: look after each one, before it can grow again.
  const observer = new PerformanceObserver(() => {
    if (reached()) observer.disconnect();
  });
  observer.observe({ entryTypes: ["gc"] });
  return () => observer.disconnect();
}

/** The size of V8's young generation now, in bytes. */
export function youngGenerationSize(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;
}
