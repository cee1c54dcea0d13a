// What both benchmarks measure with: a fixed number of sends at a fixed parallelism, medians,
// and rates formatted for the tables.

/**
 * Send `count` messages with `parallel` sends in flight at a time. Resolves with messages per
 * second (wall clock) and the client process's CPU time per message in microseconds.
 */
export async function run(send, count, parallel) {
  let next = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const worker = async () => {
    while (next < count) {
      next++;
      await send();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return {
    rate: count / ((performance.now() - started) / 1000),
    cpuMicroseconds: (cpu.user + cpu.system) / count,
  };
}

/** The median of some numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A rate as a whole number with thousands separators. */
export function format(rate) {
  return Math.round(rate).toLocaleString("en-US");
}

/**
 * Measure two sends against each other: `rounds` rounds of `count` messages each, alternating
 * which goes first so that neither always runs on a warmer (or busier) machine. `report` is called
 * after each round. Resolves with the median rate and CPU time per message of each.
 */
export async function compare(first, second, { count, parallel, rounds }, report) {
  const firsts = [];
  const seconds = [];
  for (let round = 0; round < rounds; round++) {
    const swapped = round % 2 === 1;
    const early = await run(swapped ? second : first, count, parallel);
    const late = await run(swapped ? first : second, count, parallel);
    const ofFirst = swapped ? late : early;
    const ofSecond = swapped ? early : late;
    firsts.push(ofFirst);
    seconds.push(ofSecond);
    report(round, ofFirst, ofSecond);
  }
  const summary = (results) => ({
    rate: median(results.map((result) => result.rate)),
    cpuMicroseconds: median(results.map((result) => result.cpuMicroseconds)),
  });
  return { first: summary(firsts), second: summary(seconds) };
}
