/** The sends still running, so that shutdown can let them finish before closing providers. */
export class InFlight {
  readonly #running = new Set<Promise<unknown>>();

  /** Follow a send until it settles; returns it unchanged. */
  track<Value>(work: Promise<Value>): Promise<Value> {
    this.#running.add(work);
    const forget = () => this.#running.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** How many are running. */
  get size(): number {
    return this.#running.size;
  }

  /** Resolves when every send running now has settled (whatever its outcome). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#running]);
  }
}
