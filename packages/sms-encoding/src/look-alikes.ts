/**
 * Look-alike replacements that keep a text in the GSM 7-bit alphabet: typographic quotes,
 * dashes, the ellipsis and the many spaces that word processors and phones insert. Each
 * replacement is in the GSM 03.38 default alphabet; an empty replacement removes an invisible
 * character.
 */
const replacements: Readonly<Record<string, string>> = {
  "\u2018": "'", // ‘ left single quotation mark
  "\u2019": "'", // ’ right single quotation mark, apostrophe
  "\u201a": "'", // ‚ single low-9 quotation mark
  "\u201b": "'", // ‛ single high-reversed-9 quotation mark
  "\u2032": "'", // ′ prime
  "\u00b4": "'", // ´ acute accent
  "`": "'", // grave accent
  "\u201c": '"', // “ left double quotation mark
  "\u201d": '"', // ” right double quotation mark
  "\u201e": '"', // „ double low-9 quotation mark
  "\u201f": '"', // ‟ double high-reversed-9 quotation mark
  "\u2033": '"', // ″ double prime
  "\u00ab": '"', // « left-pointing double angle quotation mark
  "\u00bb": '"', // » right-pointing double angle quotation mark
  "\u2039": "'", // ‹
  "\u203a": "'", // ›
  "\u2010": "-", // ‐ hyphen
  "\u2011": "-", // ‑ non-breaking hyphen
  "\u2012": "-", // ‒ figure dash
  "\u2013": "-", // – en dash
  "\u2014": "-", // — em dash
  "\u2015": "-", // ― horizontal bar
  "\u2212": "-", // − minus sign
  "\u2026": "...", // … horizontal ellipsis
  "\u00a0": " ", // no-break space
  "\u2002": " ", // en space
  "\u2003": " ", // em space
  "\u2007": " ", // figure space
  "\u2008": " ", // punctuation space
  "\u2009": " ", // thin space
  "\u200a": " ", // hair space
  "\u202f": " ", // narrow no-break space
  "\u205f": " ", // medium mathematical space
  "\u3000": " ", // ideographic space
  "\t": " ", // tab
  "\u200b": "", // zero-width space
  "\u200c": "", // zero-width non-joiner
  "\u200d": "", // zero-width joiner
  "\u2060": "", // word joiner
  "\ufeff": "", // byte order mark, zero-width no-break space
  "\u00ad": "", // soft hyphen
  "\u2022": "*", // • bullet
  "\u00d7": "x", // × multiplication sign
  "\u00e7": "\u00c7", // ç: the GSM table has only Ç (TS 23.038 maps ç to it)
  "\u00e1": "a",
  "\u00e2": "a",
  "\u00e3": "a",
  "\u00ea": "e",
  "\u00eb": "e",
  "\u00ed": "i",
  "\u00ee": "i",
  "\u00ef": "i",
  "\u00f3": "o",
  "\u00f4": "o",
  "\u00f5": "o",
  "\u00fa": "u",
  "\u00fb": "u",
  "\u00c1": "A",
  "\u00c0": "A",
  "\u00c2": "A",
  "\u00c8": "E",
  "\u00ca": "E",
  "\u00cd": "I",
  "\u00d3": "O",
  "\u00da": "U",
};

/** The GSM 7-bit replacement of a character that forces UCS-2, or undefined when there is none. */
export function lookAlikeReplacement(character: string): string | undefined {
  return Object.hasOwn(replacements, character) ? replacements[character] : undefined;
}
