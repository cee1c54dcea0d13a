import { randomFillSync } from "node:crypto";

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Random bytes drawn 4 KiB at a time: one draw serves 400 milliseconds that send. */
const randomPool = new Uint8Array(4000);
let poolOffset = randomPool.length;

/**
 * Monotonic ULIDs (https://github.com/ulid/spec): 48 bits of milliseconds, then 80 random bits
 * drawn once per millisecond and counted up within it, so ids sort in creation order and a
 * burst of sends costs one string each, not one random draw each.
 */
export class UlidGenerator {
  #lastTime = -1;
  /** The time and the high random half, encoded: what ids of one millisecond share. */
  #prefix = "";
  /** The 80 random bits as two 40-bit halves. */
  #high = 0;
  #low = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The next id. */
  next(): string {
    const time = this.now();
    if (time > this.#lastTime) {
      this.#lastTime = time;
      if (poolOffset + 10 > randomPool.length) {
        randomFillSync(randomPool);
        poolOffset = 0;
      }
      this.#high = readForty(randomPool, poolOffset);
      this.#low = readForty(randomPool, poolOffset + 5);
      poolOffset += 10;
      this.#prefix = encode(time, 10) + encode(this.#high, 8);
    } else if (++this.#low >= 2 ** 40) {
      this.#low = 0;
      this.#high = (this.#high + 1) % 2 ** 40;
      this.#prefix = encode(this.#lastTime, 10) + encode(this.#high, 8);
    }
    return this.#prefix + encode(this.#low, 8);
  }
}

/** Whether a text has the shape of a ULID. */
export function isUlid(text: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(text);
}

function encode(value: number, length: number): string {
  let text = "";
  let rest = value;
  for (let index = 0; index < length; index++) {
    text = alphabet[rest % 32] + text;
    rest = Math.floor(rest / 32);
  }
  return text;
}

function readForty(bytes: Uint8Array, offset: number): number {
  let value = 0;
  for (let index = 0; index < 5; index++) value = value * 256 + (bytes[offset + index] as number);
  return value;
}

/** The smallest ULID of a millisecond: every id made at or after `time` sorts at or after it. */
export function ulidFloor(time: number): string {
  return `${encode(Math.max(0, time), 10)}0000000000000000`;
}
