import { describe, expect, it } from "vitest";
import { type BulkEntry, readBulkEntries } from "../src/index.js";

async function entries(text: string, chunkSize: number, message?: string): Promise<BulkEntry[]> {
  const bytes = Buffer.from(text, "utf8");
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize)
    chunks.push(bytes.subarray(offset, offset + chunkSize));
  const found: BulkEntry[] = [];
  for await (const entry of readBulkEntries(
    (async function* () {
      yield* chunks;
    })(),
    message === undefined ? {} : { message },
  ))
    found.push(entry);
  return found;
}

const csv =
  '\ufeffTo , Message\r\n+491,"a, ""b""\r\nc"\r\n\r\n+492,Grüße 😀\n+493,"x"y\nshort\n"+494",\'q\'\r+495,last';

describe("readBulkEntries", () => {
  it("reads CSV the same whatever the chunk boundaries (multi-byte characters, CRLF, quotes split)", async () => {
    const whole = await entries(csv, 1 << 20);
    expect(whole).toEqual([
      { row: 1, line: 2, to: "+491", message: 'a, "b"\r\nc' },
      { row: 2, line: 5, to: "+492", message: "Grüße 😀" },
      { row: 3, line: 6, to: "+493", message: "xy" },
      { row: 4, line: 7, malformed: "has 1 field, the header 2" },
      { row: 5, line: 8, to: "+494", message: "'q'" },
      { row: 6, line: 9, to: "+495", message: "last" },
    ]);
    for (const size of [1, 2, 3, 5, 7, 13])
      expect(await entries(csv, size), `chunks of ${size}`).toEqual(whole);
  });

  it("reads JSON lines whatever the chunk boundaries", async () => {
    const jsonl = '\n{"to":"+1","message":"é"}\r\n\n{"to":"+2"}\n[1]\n{"to":"+3","message":5}';
    const whole = await entries(jsonl, 1 << 20, "default");
    expect(whole).toEqual([
      { row: 1, line: 2, to: "+1", message: "é" },
      { row: 2, line: 4, to: "+2", message: "default" },
      { row: 3, line: 5, malformed: 'is not a JSON object like {"to": "+49…", "message": "…"}' },
      { row: 4, line: 6, malformed: "has a field 'message' that is not a string" },
    ]);
    for (const size of [1, 2, 4, 9]) expect(await entries(jsonl, size, "default")).toEqual(whole);
  });

  it("reports an unclosed quote and an over-long record as malformed rows", async () => {
    const found = await entries(`to,message\n+1,"${"x".repeat(70_000)}"\n+2,ok\n+3,"open`, 4096);
    expect(found).toEqual([
      { row: 1, line: 2, malformed: "is longer than 65536 characters" },
      { row: 2, line: 3, to: "+2", message: "ok" },
      { row: 3, line: 4, malformed: "has a quoted field that is never closed" },
    ]);
  });

  it("refuses a CSV header without 'to', and one without 'message' unless a message is given", async () => {
    await expect(entries("phone,message\n+1,x\n", 100)).rejects.toThrow(/has no column 'to'/);
    await expect(entries("to\n+1\n", 100)).rejects.toThrow(/no column 'message'; add one or give --message/);
    expect(await entries("to\n+1\n", 100, "hi")).toEqual([{ row: 1, line: 2, to: "+1", message: "hi" }]);
  });

  it("splits a quoted line in one pass exactly as character by character", async () => {
    // A line ending in a lone carriage return is read character by character; one ending in a
    // line feed, whose quotes all close on it, in one pass: both must give the same rows.
    const lines = [
      '+1,"a""b"',
      '"+2","x"y',
      '+3,ab"c',
      '"+4",""',
      '+5,"a,b",',
      '+6,"",x',
      '"+7"" ",z"q"',
      '+8,"x" "y"',
      '"+9","""quoted"", and, commas"',
      '+10,"a"b"c,d"',
    ];
    for (const line of lines) {
      const onePass = await entries(`to,message\n${line}\n`, 1 << 20);
      const byCharacter = await entries(`to,message\n${line}\r`, 1 << 20);
      expect(onePass, line).toEqual(byCharacter);
      expect(onePass, line).toHaveLength(1);
    }
    const all = await entries(`to,message\n${lines.join("\n")}\n`, 5);
    expect(all.slice(0, 3)).toEqual([
      { row: 1, line: 2, to: "+1", message: 'a"b' },
      { row: 2, line: 3, to: "+2", message: "xy" },
      { row: 3, line: 4, to: "+3", message: 'ab"c' },
    ]);
    expect(all.slice(6, 10)).toEqual([
      { row: 7, line: 8, to: '+7"', message: 'z"q"' },
      { row: 8, line: 9, to: "+8", message: 'x "y"' },
      { row: 9, line: 10, to: "+9", message: '"quoted", and, commas' },
      { row: 10, line: 11, malformed: "has 3 fields, the header 2" },
    ]);
  });
});
