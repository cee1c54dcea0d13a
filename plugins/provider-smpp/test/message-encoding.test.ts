import { describe, expect, it } from "vitest";
import {
  decodeGsm,
  decodeUcs2,
  encodeGsm,
  encodeMessage,
  gsmSeptetCount,
  isGsmText,
  planMessage,
  UDH_INDICATOR,
} from "../src/index.js";

const basicCharacters =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const extensionCharacters = "\f^{}\\[~]|€";
const unicodeCharacters = ["ç", "Привет", "ı", "中", "😀", "👍🏽", "𝄞", "ß", "€", "a", " ", "é"];

describe("GSM 03.38 alphabet", () => {
  it("gives every basic character one septet and every extension character the escape plus a code", () => {
    expect([...basicCharacters]).toHaveLength(127);
    for (const character of basicCharacters) {
      const encoded = encodeGsm(character);
      expect(encoded, JSON.stringify(character)).toHaveLength(1);
      expect(encoded[0]).not.toBe(0x1b);
      expect(decodeGsm(encoded)).toBe(character);
    }
    for (const character of extensionCharacters) {
      const encoded = encodeGsm(character);
      expect(encoded, JSON.stringify(character)).toHaveLength(2);
      expect(encoded[0]).toBe(0x1b);
      expect(decodeGsm(encoded)).toBe(character);
      expect(gsmSeptetCount(character)).toBe(2);
    }
  });

  it("matches the TS 23.038 code points of a few landmarks", () => {
    expect([...encodeGsm("@A a0\n")]).toEqual([0x00, 0x41, 0x20, 0x61, 0x30, 0x0a]);
    expect([...encodeGsm("€[]{}\\")]).toEqual([
      0x1b, 0x65, 0x1b, 0x3c, 0x1b, 0x3e, 0x1b, 0x28, 0x1b, 0x29, 0x1b, 0x2f,
    ]);
    expect([...encodeGsm("Δ_¡§¿ä")]).toEqual([0x10, 0x11, 0x40, 0x5f, 0x60, 0x7b]);
  });

  it("refuses characters outside the alphabet (lower-case ç, the escape itself, Cyrillic, emoji)", () => {
    for (const text of ["ç", "\u001b", "Привет", "😀", "`", "ı"]) {
      expect(isGsmText(text), JSON.stringify(text)).toBe(false);
      expect(() => encodeGsm(text)).toThrow(RangeError);
    }
    expect(isGsmText(basicCharacters + extensionCharacters)).toBe(true);
    expect(isGsmText("")).toBe(true);
  });
});

describe("UCS-2", () => {
  it("encodes big-endian code units, surrogate pairs for emoji", () => {
    expect([...(encodeMessage("Ж😀", 0).parts[0] ?? [])]).toEqual([0x04, 0x16, 0xd8, 0x3d, 0xde, 0x00]);
    expect(decodeUcs2(Buffer.from([0x04, 0x16, 0xd8, 0x3d, 0xde, 0x00]))).toBe("Ж😀");
  });
});

describe("choosing the encoding and splitting", () => {
  it("sends a text of at most 160 septets as one GSM SMS, one more as two parts", () => {
    expect(planMessage("a".repeat(160)).segments).toHaveLength(1);
    expect(planMessage("a".repeat(161)).segments).toHaveLength(2);
    expect(planMessage("€".repeat(80)).segments).toHaveLength(1);
    expect(planMessage(`${"€".repeat(80)}a`).segments).toHaveLength(2);
    expect(planMessage("a".repeat(153 * 3)).segments).toHaveLength(3);
    expect(planMessage("a".repeat(153 * 3 + 1)).segments).toHaveLength(4);
  });

  it("sends at most 70 UCS-2 code units as one SMS, one more as two parts", () => {
    expect(planMessage("Ж".repeat(70))).toMatchObject({ encoding: "ucs2", dataCoding: 8 });
    expect(planMessage("Ж".repeat(70)).segments).toHaveLength(1);
    expect(planMessage("Ж".repeat(71)).segments).toHaveLength(2);
    expect(planMessage("😀".repeat(35)).segments).toHaveLength(1);
    expect(planMessage(`${"😀".repeat(35)}a`).segments).toHaveLength(2);
  });

  it("never splits an escape sequence: an extension character that would straddle moves to the next part", () => {
    const text = `${"a".repeat(152)}€${"b".repeat(10)}`;
    const plan = planMessage(text);
    expect(plan.segments).toEqual(["a".repeat(152), `€${"b".repeat(10)}`]);
    const encoded = encodeMessage(text, 7);
    expect(encoded.parts[0]?.at(-1)).toBe(0x61);
    expect(encoded.parts[1]?.subarray(6, 8)).toEqual(Buffer.from([0x1b, 0x65]));
  });

  it("never splits a surrogate pair: an emoji that would straddle moves to the next part", () => {
    const text = `${"Ж".repeat(66)}😀${"Ж".repeat(10)}`;
    expect(planMessage(text).segments).toEqual(["Ж".repeat(66), `😀${"Ж".repeat(10)}`]);
  });

  it("goes UCS-2 for the whole text when a single character is outside the alphabet", () => {
    expect(planMessage(`${"a".repeat(100)}ç`)).toMatchObject({ encoding: "ucs2", dataCoding: 8 });
    expect(planMessage("Preis: 5€ [alt] {neu}")).toMatchObject({ encoding: "gsm7", dataCoding: 0 });
  });

  it("refuses a text of more than 255 parts", () => {
    expect(planMessage("a".repeat(153 * 255)).segments).toHaveLength(255);
    expect(() => planMessage("a".repeat(153 * 255 + 1))).toThrow(/255/);
  });
});

describe("property: every text reassembles exactly from its parts", () => {
  const random = seededRandom(20251128);

  const gsmAlphabet = [...basicCharacters, ...extensionCharacters];
  const mixedAlphabet = [...gsmAlphabet, ...unicodeCharacters];

  for (const [name, alphabet] of [
    ["GSM text with extension characters", gsmAlphabet],
    ["Unicode text with emoji and surrogate pairs", mixedAlphabet],
  ] as const) {
    it(`${name}: 300 random texts of 0–700 characters`, () => {
      for (let round = 0; round < 300; round++) {
        const length = Math.floor(random() * 700);
        let text = "";
        while (text.length < length) text += alphabet[Math.floor(random() * alphabet.length)];
        const reference = Math.floor(random() * 256);
        const encoded = encodeMessage(text, reference);
        const gsm = isGsmText(text);
        expect(encoded.dataCoding).toBe(gsm ? 0 : 8);
        expect(decodeParts(encoded.parts, encoded.dataCoding, encoded.esmClass, reference)).toBe(text);
        expect(encoded.segments.join("")).toBe(text);
        checkPartSizes(encoded.parts, encoded.dataCoding);
      }
    });
  }
});

/** Strip and check each part's concatenation header, decode the payload, and join. */
function decodeParts(
  parts: readonly Buffer[],
  dataCoding: number,
  esmClass: number,
  reference: number,
): string {
  if (parts.length === 1) {
    expect(esmClass).toBe(0);
    return decode(parts[0] ?? Buffer.alloc(0), dataCoding);
  }
  expect(esmClass).toBe(UDH_INDICATOR);
  return parts
    .map((part, index) => {
      expect([...part.subarray(0, 6)]).toEqual([0x05, 0x00, 0x03, reference, parts.length, index + 1]);
      return decode(part.subarray(6), dataCoding);
    })
    .join("");
}

function decode(payload: Buffer, dataCoding: number): string {
  return dataCoding === 0 ? decodeGsm(payload) : decodeUcs2(payload);
}

/** Unpacked GSM: ≤160 septets alone, ≤153 in a part, never ending on an escape; UCS-2: ≤140 / ≤134 octets, never ending on a high surrogate. */
function checkPartSizes(parts: readonly Buffer[], dataCoding: number): void {
  const split = parts.length > 1;
  for (const part of parts) {
    const payload = split ? part.subarray(6) : part;
    if (dataCoding === 0) {
      expect(payload.length).toBeLessThanOrEqual(split ? 153 : 160);
      if (payload.length > 0) expect(trailingEscapes(payload) % 2).toBe(0);
    } else {
      expect(payload.length).toBeLessThanOrEqual(split ? 134 : 140);
      const last = payload.length >= 2 ? payload.readUInt16BE(payload.length - 2) : 0;
      expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
    }
  }
}

/** Escapes at the end of a payload that are not the code of a preceding escape. */
function trailingEscapes(payload: Buffer): number {
  let count = 0;
  for (let index = 0; index < payload.length; index++) {
    if (payload[index] === 0x1b) {
      if (index === payload.length - 1) count++;
      index++;
    }
  }
  return count;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
