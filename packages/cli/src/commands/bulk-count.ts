import { createReadStream } from "node:fs";

/**
 * How many rows a bulk file holds, for the progress bar's total: records (line breaks outside
 * double quotes, so quoted line breaks in CSV do not count) that are not blank, less the CSV
 * header. One pass over the bytes, nothing kept.
 */
export async function countRows(path: string): Promise<number> {
  let records = 0;
  let quoted = false;
  let content = false;
  let first: number | undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    for (let index = 0; index < bytes.length; index++) {
      const byte = bytes[index] as number;
      if (byte === 0x22) quoted = !quoted;
      else if (byte === 0x0a && !quoted) {
        if (content) records++;
        content = false;
        continue;
      } else if (byte === 0x0d || byte === 0x20 || byte === 0x09) continue;
      if (first === undefined && byte !== 0xef && byte !== 0xbb && byte !== 0xbf) first = byte;
      content = true;
    }
  }
  if (content) records++;
  // JSON lines start with '{'; CSV has a header row.
  return first === 0x7b ? records : Math.max(0, records - 1);
}
