import { gsmSeptetLengthAt } from "./gsm-alphabet.js";
import { lookAlikeReplacement } from "./look-alikes.js";
import { chooseEncoding, smsLimits, splitMessage, type TextEncoding } from "./message-split.js";

/** One character of a text and every place it occurs. */
export interface CharacterOccurrences {
  /** The character itself (a surrogate pair is one character). */
  readonly character: string;
  /** Its code point, written `U+00E7`. */
  readonly codePoint: string;
  /** Where it occurs: 1-based positions counted in characters (code points), as a person counts. */
  readonly positions: readonly number[];
}

/** A character that forces UCS-2 and could be replaced by a GSM 7-bit look-alike. */
export interface ReplacementSuggestion extends CharacterOccurrences {
  /** The GSM 7-bit text to put in its place (empty: remove an invisible character). */
  readonly replacement: string;
}

/** What sending a text as SMS takes: the facts `analyzeMessage` returns. */
export interface MessageAnalysis {
  /** `gsm7` when every character is in the GSM 03.38 alphabet (or its extension table), else `ucs2`. */
  readonly encoding: TextEncoding;
  /** The length in the encoding's unit: septets (`gsm7`) or UTF-16 code units (`ucs2`). */
  readonly length: number;
  /** The unit `length` counts in. */
  readonly unit: "septets" | "code units";
  /** How many characters (code points) the text has. */
  readonly characters: number;
  /** How many SMS parts it takes (1 for an empty text). */
  readonly parts: number;
  /** The room of each part: 160 or 70 for a single SMS, 153 or 67 for each part of a concatenated one. */
  readonly perPart: number;
  /** The length of each part, in the encoding's unit. */
  readonly partLengths: readonly number[];
  /** The room left in the last part, in the encoding's unit. */
  readonly remaining: number;
  /** Whether the text needs more than 255 parts, which no concatenated SMS can carry. */
  readonly tooLong: boolean;
  /** The characters that are not in the GSM alphabet and so force UCS-2, in order of first occurrence. */
  readonly forcingUcs2: readonly CharacterOccurrences[];
  /** GSM extension characters (€ [ ] { } \ ^ ~ | and form feed): each takes two septets in GSM 7-bit. */
  readonly extensionCharacters: readonly CharacterOccurrences[];
  /** Look-alike replacements for characters in `forcingUcs2`. */
  readonly suggestions: readonly ReplacementSuggestion[];
  /** The text with every suggestion applied and what it would take, when there are suggestions. */
  readonly withSuggestions?: {
    readonly text: string;
    readonly encoding: TextEncoding;
    readonly parts: number;
  };
}

/**
 * Analyse a text for sending as SMS: its encoding (GSM 03.38 7-bit or UCS-2), the characters
 * that force UCS-2 and where they are, the extension characters that count double, its length,
 * parts and the room in the last part (160/153 septets, 70/67 code units), and look-alike
 * replacements that would keep it GSM 7-bit. The parts split exactly as the SMPP provider
 * sends them: never inside an extension character's escape pair or a surrogate pair.
 */
export function analyzeMessage(text: string): MessageAnalysis {
  if (typeof text !== "string") throw new TypeError("analyzeMessage: the text must be a string");
  const encoding = chooseEncoding(text);
  const forcing = new Occurrences();
  const extensions = new Occurrences();
  let characters = 0;
  for (let index = 0; index < text.length; ) {
    const codePoint = text.codePointAt(index) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    characters++;
    const septets = width === 1 ? gsmSeptetLengthAt(text, index) : 0;
    if (septets === 0) forcing.add(String.fromCodePoint(codePoint), codePoint, characters);
    else if (septets === 2) extensions.add(text.charAt(index), codePoint, characters);
    index += width;
  }
  const single = encoding === "gsm7" ? smsLimits.gsmSingle : smsLimits.ucs2Single;
  const multiple = encoding === "gsm7" ? smsLimits.gsmPart : smsLimits.ucs2Part;
  const segments = splitMessage(text, encoding);
  const partLengths = segments.map((segment) => lengthOf(segment, encoding));
  const length = partLengths.reduce((sum, part) => sum + part, 0);
  const perPart = segments.length > 1 ? multiple : single;
  const suggestions = forcing.list().flatMap((entry): ReplacementSuggestion[] => {
    const replacement = lookAlikeReplacement(entry.character);
    return replacement === undefined ? [] : [{ ...entry, replacement }];
  });
  const analysis: MessageAnalysis = {
    encoding,
    length,
    unit: encoding === "gsm7" ? "septets" : "code units",
    characters,
    parts: segments.length,
    perPart,
    partLengths,
    remaining: perPart - (partLengths[partLengths.length - 1] ?? 0),
    tooLong: segments.length > smsLimits.maxParts,
    forcingUcs2: forcing.list(),
    extensionCharacters: extensions.list(),
    suggestions,
  };
  if (suggestions.length === 0) return analysis;
  const replaced = applySuggestions(text, suggestions);
  const replacedEncoding = chooseEncoding(replaced);
  return {
    ...analysis,
    withSuggestions: {
      text: replaced,
      encoding: replacedEncoding,
      parts: splitMessage(replaced, replacedEncoding).length,
    },
  };
}

/** Replace every character that has a suggestion by its look-alike. */
export function applySuggestions(text: string, suggestions: readonly ReplacementSuggestion[]): string {
  const map = new Map(suggestions.map((suggestion) => [suggestion.character, suggestion.replacement]));
  let result = "";
  for (const character of text) result += map.get(character) ?? character;
  return result;
}

function lengthOf(segment: string, encoding: TextEncoding): number {
  if (encoding === "ucs2") return segment.length;
  let septets = 0;
  for (let index = 0; index < segment.length; index++) septets += gsmSeptetLengthAt(segment, index);
  return septets;
}

/** Collects the positions of characters, grouped by character in order of first occurrence. */
class Occurrences {
  readonly #byCharacter = new Map<string, { character: string; codePoint: string; positions: number[] }>();

  add(character: string, codePoint: number, position: number): void {
    let entry = this.#byCharacter.get(character);
    if (entry === undefined) {
      entry = { character, codePoint: formatCodePoint(codePoint), positions: [] };
      this.#byCharacter.set(character, entry);
    }
    entry.positions.push(position);
  }

  list(): CharacterOccurrences[] {
    return [...this.#byCharacter.values()];
  }
}

function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}
