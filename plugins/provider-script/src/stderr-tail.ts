/** At most this many lines of a script's standard error go into a message. */
export const tailLineLimit = 10;
/** At most this many characters of a script's standard error go into a message. */
export const tailCharacterLimit = 1000;

/** How many bytes of the newest output are kept; enough for the limits above in any encoding. */
const keptBytes = 8 * 1024;

/**
 * Collects the end of a stream (a script's standard error) in bounded memory, however much
 * the script writes.
 */
export class StreamTail {
  #chunks: Buffer[] = [];
  #size = 0;
  #truncated = false;

  /** Add a chunk, dropping the oldest bytes beyond the kept amount. */
  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#size > keptBytes) {
      const first = this.#chunks[0];
      if (!first) break;
      const excess = this.#size - keptBytes;
      if (first.length <= excess) {
        this.#chunks.shift();
        this.#size -= first.length;
      } else {
        this.#chunks[0] = first.subarray(excess);
        this.#size -= excess;
      }
      this.#truncated = true;
    }
  }

  /** The last lines (at most 10 lines and 1000 characters), trimmed; "" when nothing was written. */
  text(): string {
    const decoded = Buffer.concat(this.#chunks).toString("utf8").replace(/\r\n?/g, "\n").trimEnd();
    const lines = decoded.split("\n");
    let tail = lines.slice(-tailLineLimit).join("\n").trim();
    let shortened = this.#truncated || lines.length > tailLineLimit;
    if (tail.length > tailCharacterLimit) {
      tail = dropLoneLowSurrogate(tail.slice(-tailCharacterLimit));
      shortened = true;
    }
    return shortened && tail !== "" ? `…${tail}` : tail;
  }
}

/** A cut through a surrogate pair leaves half a character at the start; drop it. */
function dropLoneLowSurrogate(text: string): string {
  const first = text.charCodeAt(0);
  return first >= 0xdc00 && first <= 0xdfff ? text.slice(1) : text;
}
