import { createRequire } from "node:module";
import type { RE2JS } from "re2js";

/** re2js (260 KB), loaded at the first REGEXP compiled, so that a process that has none starts without it. */
let engine: typeof RE2JS | undefined;
function re2(): typeof RE2JS {
  engine ??= (createRequire(import.meta.url)("re2js") as typeof import("re2js")).RE2JS;
  return engine;
}

/** A compiled REGEXP rewrite of the recipient number, run on RE2's linear-time engine. */
export interface PhoneRewrite {
  readonly pattern: RE2JS;
  /** The replacement in JavaScript syntax (`$1`), converted from privacyIDEA's `\1` where needed. */
  readonly replacement: string;
}

/**
 * Parse a privacyIDEA-style rewrite `/pattern/replacement/`, e.g. `/[\+/]//` (drop plus
 * signs and slashes) or `/^0/49/` (leading zero to 49). As in privacyIDEA, the replacement
 * is the text between the last two slashes, and every match is replaced. Group references
 * may be written `\1`, `\g<1>`, `\g<name>` (Python) or `$1`, `$<name>` (JavaScript).
 * The pattern is RE2 syntax (re2js): matching takes time linear in the recipient's length
 * whatever the pattern, so backreferences and lookaround, which need backtracking, are refused.
 * Throws an `Error` whose message says what is wrong.
 */
export function parsePhoneRewrite(source: string): PhoneRewrite {
  if (source.length < 3 || !source.startsWith("/") || !source.endsWith("/")) {
    throw new Error("must have the form /pattern/replacement/, e.g. /^0/49/");
  }
  const inner = source.slice(1, -1);
  const separator = inner.lastIndexOf("/");
  if (separator < 0) throw new Error("must have the form /pattern/replacement/, e.g. /^0/49/");
  const patternSource = inner.slice(0, separator);
  if (patternSource === "") throw new Error("has an empty pattern; write /pattern/replacement/");
  let pattern: RE2JS;
  try {
    pattern = re2().compile(patternSource);
  } catch (error) {
    throw new Error(describeSyntaxError(patternSource, (error as Error).message));
  }
  return { pattern, replacement: convertReplacement(inner.slice(separator + 1)) };
}

/** Apply a rewrite to a recipient: every match is replaced. */
export function rewritePhone(rewrite: PhoneRewrite | undefined, phone: string): string {
  if (!rewrite) return phone;
  return rewrite.pattern.matcher(phone).replaceAll(rewrite.replacement);
}

/** Say why RE2 refused a pattern, naming the construct a user most likely wrote. */
function describeSyntaxError(pattern: string, message: string): string {
  const engine = "REGEXP runs on a linear-time engine (RE2 syntax)";
  if (/\\[1-9]/.test(pattern) && /invalid escape sequence: `\\[1-9]/.test(message)) {
    return `has a backreference (\\1) in the pattern, which ${engine} cannot run; backreferences work in the replacement only`;
  }
  if (/\(\?<?[=!]/.test(pattern)) {
    return `has a lookahead or lookbehind ((?=…), (?!…), (?<=…), (?<!…)), which ${engine} cannot run; rewrite the pattern without it`;
  }
  return `has an invalid pattern: ${message.replace(/^error parsing regexp: /, "")}`;
}

/** Translate Python replacement syntax to JavaScript's, leaving JavaScript syntax intact. */
function convertReplacement(replacement: string): string {
  let converted = "";
  for (let index = 0; index < replacement.length; index++) {
    const character = replacement[index] as string;
    if (character !== "\\") {
      converted += character;
      continue;
    }
    const rest = replacement.slice(index + 1);
    const numbered = /^\d{1,2}/.exec(rest);
    const named = /^g<([A-Za-z_][A-Za-z0-9_]*|\d+)>/.exec(rest);
    if (numbered) {
      converted += `$${numbered[0]}`;
      index += numbered[0].length;
    } else if (named) {
      const group = named[1] as string;
      converted += /^\d+$/.test(group) ? `$${group}` : `$<${group}>`;
      index += named[0].length;
    } else if (rest.startsWith("\\")) {
      converted += "\\";
      index += 1;
    } else {
      converted += character;
    }
  }
  return converted;
}
