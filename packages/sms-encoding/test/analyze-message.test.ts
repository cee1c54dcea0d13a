import { describe, expect, it } from "vitest";
import { analyzeMessage, isGsmText, lookAlikeReplacement, planMessage, splitMessage } from "../src/index.js";

interface Row {
  readonly name: string;
  readonly text: string;
  readonly encoding: "gsm7" | "ucs2";
  readonly length: number;
  readonly parts: number;
  readonly remaining: number;
}

const table: readonly Row[] = [
  { name: "empty", text: "", encoding: "gsm7", length: 0, parts: 1, remaining: 160 },
  {
    name: "short ASCII",
    text: "Your code is 123456",
    encoding: "gsm7",
    length: 19,
    parts: 1,
    remaining: 141,
  },
  { name: "160 GSM septets", text: "a".repeat(160), encoding: "gsm7", length: 160, parts: 1, remaining: 0 },
  { name: "161 GSM septets", text: "a".repeat(161), encoding: "gsm7", length: 161, parts: 2, remaining: 145 },
  { name: "306 = 2 × 153", text: "a".repeat(306), encoding: "gsm7", length: 306, parts: 2, remaining: 0 },
  { name: "307 septets", text: "a".repeat(307), encoding: "gsm7", length: 307, parts: 3, remaining: 152 },
  {
    name: "80 euro signs = 160 septets",
    text: "€".repeat(80),
    encoding: "gsm7",
    length: 160,
    parts: 1,
    remaining: 0,
  },
  {
    name: "159 + one extension character",
    text: `${"a".repeat(159)}€`,
    encoding: "gsm7",
    length: 161,
    parts: 2,
    remaining: 145,
  },
  // 152 septets then € (2): the escape pair does not fit the first part's last septet and moves whole.
  {
    name: "extension character at the part boundary",
    text: `${"a".repeat(152)}€${"b".repeat(10)}`,
    encoding: "gsm7",
    length: 164,
    parts: 2,
    remaining: 141,
  },
  {
    name: "German umlauts are GSM",
    text: "Grüße aus München, Äpfel & Öl",
    encoding: "gsm7",
    length: 29,
    parts: 1,
    remaining: 131,
  },
  { name: "70 Cyrillic letters", text: "Ж".repeat(70), encoding: "ucs2", length: 70, parts: 1, remaining: 0 },
  {
    name: "71 Cyrillic letters",
    text: "Ж".repeat(71),
    encoding: "ucs2",
    length: 71,
    parts: 2,
    remaining: 63,
  },
  {
    name: "35 emoji = 70 code units",
    text: "😀".repeat(35),
    encoding: "ucs2",
    length: 70,
    parts: 1,
    remaining: 0,
  },
  // 66 code units then an emoji (2): the pair does not fit the first part's last unit and moves whole.
  {
    name: "surrogate pair at the part boundary",
    text: `${"Ж".repeat(66)}😀${"Ж".repeat(4)}`,
    encoding: "ucs2",
    length: 72,
    parts: 2,
    remaining: 61,
  },
  { name: "one curly apostrophe", text: "It’s here", encoding: "ucs2", length: 9, parts: 1, remaining: 61 },
  {
    name: "134 = 2 × 67 code units",
    text: "ç".repeat(134),
    encoding: "ucs2",
    length: 134,
    parts: 2,
    remaining: 0,
  },
];

describe("analyzeMessage against texts of known encoding and parts", () => {
  for (const row of table) {
    it(row.name, () => {
      const analysis = analyzeMessage(row.text);
      expect({
        encoding: analysis.encoding,
        length: analysis.length,
        parts: analysis.parts,
        remaining: analysis.remaining,
      }).toEqual({ encoding: row.encoding, length: row.length, parts: row.parts, remaining: row.remaining });
      expect(analysis.partLengths.reduce((sum, part) => sum + part, 0)).toBe(row.length);
      expect(analysis.parts).toBe(planMessage(row.text).segments.length);
    });
  }

  it("never splits an escape pair: the extension character opens the second part", () => {
    const segments = splitMessage(`${"a".repeat(152)}€${"b".repeat(10)}`);
    expect(segments.map((segment) => segment.length)).toEqual([152, 11]);
    expect(segments[1]?.startsWith("€")).toBe(true);
    expect(analyzeMessage(`${"a".repeat(152)}€${"b".repeat(10)}`).partLengths).toEqual([152, 12]);
  });

  it("never splits a surrogate pair: the emoji opens the second part", () => {
    const segments = splitMessage(`${"Ж".repeat(66)}😀${"Ж".repeat(4)}`);
    expect(segments.map((segment) => segment.length)).toEqual([66, 6]);
    expect(segments[1]?.codePointAt(0)).toBe(0x1f600);
  });

  it("names the characters that force UCS-2 and where they are, counted in characters", () => {
    const analysis = analyzeMessage("😀 It’s “fine” – ok ’");
    expect(analysis.encoding).toBe("ucs2");
    expect(analysis.characters).toBe(20);
    expect(analysis.forcingUcs2).toEqual([
      { character: "😀", codePoint: "U+1F600", positions: [1] },
      { character: "’", codePoint: "U+2019", positions: [5, 20] },
      { character: "“", codePoint: "U+201C", positions: [8] },
      { character: "”", codePoint: "U+201D", positions: [13] },
      { character: "–", codePoint: "U+2013", positions: [15] },
    ]);
  });

  it("lists extension characters, which count two septets each", () => {
    const analysis = analyzeMessage("Preis: 5€ [alt]");
    expect(analysis.encoding).toBe("gsm7");
    expect(analysis.length).toBe(15 + 3);
    expect(analysis.extensionCharacters).toEqual([
      { character: "€", codePoint: "U+20AC", positions: [9] },
      { character: "[", codePoint: "U+005B", positions: [11] },
      { character: "]", codePoint: "U+005D", positions: [15] },
    ]);
    expect(analysis.forcingUcs2).toEqual([]);
  });

  it("suggests look-alikes that keep GSM 7-bit and says what the text would take then", () => {
    const text = "It’s ‘ok’ — “see you”… at\u00a010";
    const analysis = analyzeMessage(text);
    expect(analysis.encoding).toBe("ucs2");
    expect(analysis.suggestions.map((entry) => [entry.character, entry.replacement])).toEqual([
      ["’", "'"],
      ["‘", "'"],
      ["—", "-"],
      ["“", '"'],
      ["”", '"'],
      ["…", "..."],
      ["\u00a0", " "],
    ]);
    expect(analysis.withSuggestions).toEqual({
      text: `It's 'ok' - "see you"... at 10`,
      encoding: "gsm7",
      parts: 1,
    });
  });

  it("makes no suggestion for a character without a look-alike, and keeps UCS-2 then", () => {
    const analysis = analyzeMessage("Привет — hi");
    expect(analysis.suggestions.map((entry) => entry.character)).toEqual(["—"]);
    expect(analysis.withSuggestions?.encoding).toBe("ucs2");
    expect(analyzeMessage("plain").withSuggestions).toBeUndefined();
  });

  it("says when a text needs more than 255 parts instead of throwing", () => {
    const analysis = analyzeMessage("a".repeat(153 * 255 + 1));
    expect(analysis).toMatchObject({ parts: 256, tooLong: true });
    expect(() => planMessage("a".repeat(153 * 255 + 1))).toThrow(RangeError);
  });

  it("refuses a value that is not a string", () => {
    expect(() => analyzeMessage(42 as unknown as string)).toThrow(TypeError);
  });

  it("offers only replacements that are themselves GSM 7-bit", () => {
    const candidates = ["’", "‘", "“", "”", "–", "—", "…", "\u00a0", "\u202f", "\u200b", "ç", "\t"];
    for (const character of candidates) {
      const replacement = lookAlikeReplacement(character);
      expect(replacement, JSON.stringify(character)).toBeDefined();
      expect(isGsmText(replacement ?? "ç"), JSON.stringify(character)).toBe(true);
    }
    expect(lookAlikeReplacement("Ж")).toBeUndefined();
    expect(lookAlikeReplacement("toString")).toBeUndefined();
  });
});
