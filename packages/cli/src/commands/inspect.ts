import { analyzeMessage, type CharacterOccurrences, type MessageAnalysis } from "@smskit/core";
import type { CliIo } from "../cli-io.js";
import { writeFields, writeJson } from "../output.js";
import { readStandardInput } from "../standard-input.js";
import type { Command, CommandContext } from "./command-context.js";

/** `smskit inspect`: what a text takes as SMS, without sending anything. */
export const inspectCommand: Command = {
  spec: {
    path: ["inspect"],
    summary: "show the encoding, length and parts an SMS text needs, and what forces UCS-2",
    details: [
      "GSM 7-bit (GSM 03.38) carries 160 septets in one SMS and 153 in each part of a longer one; an extension character (€ [ ] { } \\ ^ ~ |) takes two. One character outside the alphabet makes the whole text UCS-2: 70 characters in one SMS, 67 per part, an emoji counting two. The command names those characters with their positions (counted in characters from 1) and suggests GSM look-alikes (’ → ', – → -, … → ..., no-break space → space). Nothing is sent; no store is opened.",
    ],
    arguments: [
      {
        name: "text",
        description: "the message text; '-' reads it from standard input (one trailing newline is removed)",
      },
    ],
    options: [
      {
        name: "json",
        description:
          "print the analysis as JSON (encoding, length, unit, characters, parts, perPart, partLengths, remaining, tooLong, forcingUcs2, extensionCharacters, suggestions, withSuggestions)",
      },
    ],
    examples: ["smskit inspect 'It’s 5 € — see you…'", "smskit inspect - --json < message.txt"],
  },
  store: "none",
  run: inspectText,
};

async function inspectText({ io, flags, arguments: args }: CommandContext): Promise<void> {
  const [given = ""] = args;
  const text = given === "-" ? withoutTrailingNewline(await readStandardInput(io)) : given;
  const analysis = analyzeMessage(text);
  if (flags.json) {
    writeJson(io.stdout, analysis);
    return;
  }
  writeAnalysis(io, analysis);
}

function writeAnalysis(io: CliIo, analysis: MessageAnalysis): void {
  const encoding = analysis.encoding === "gsm7" ? "GSM 7-bit (GSM 03.38)" : "UCS-2";
  const parts = `${analysis.parts} (${analysis.perPart} ${analysis.unit} each)${analysis.tooLong ? " — more than 255, too long for one SMS message" : ""}`;
  writeFields(io.stdout, [
    ["encoding", encoding],
    ["length", `${analysis.length} ${analysis.unit}, ${analysis.characters} characters`],
    ["parts", parts],
    ["room left", `${analysis.remaining} ${analysis.unit} in the last part`],
  ]);
  if (analysis.forcingUcs2.length > 0) {
    io.stdout.write("characters that force UCS-2:\n");
    for (const entry of analysis.forcingUcs2) io.stdout.write(`  ${describe(entry)}\n`);
  }
  if (analysis.extensionCharacters.length > 0) {
    io.stdout.write("extension characters (two septets each):\n");
    for (const entry of analysis.extensionCharacters) io.stdout.write(`  ${describe(entry)}\n`);
  }
  if (analysis.suggestions.length > 0) {
    io.stdout.write("look-alikes that keep GSM 7-bit:\n");
    for (const entry of analysis.suggestions) {
      const replacement = entry.replacement === "" ? "remove it" : JSON.stringify(entry.replacement);
      io.stdout.write(`  ${shown(entry.character)} ${entry.codePoint} → ${replacement}\n`);
    }
    const after = analysis.withSuggestions;
    if (after) {
      const encodingAfter = after.encoding === "gsm7" ? "GSM 7-bit" : "still UCS-2 (other characters remain)";
      io.stdout.write(
        `with them: ${encodingAfter}, ${after.parts} ${after.parts === 1 ? "part" : "parts"}\n`,
      );
    }
  }
}

function describe(entry: CharacterOccurrences): string {
  const where = entry.positions.length === 1 ? "position" : "positions";
  return `${shown(entry.character)} ${entry.codePoint} at ${where} ${abbreviated(entry.positions)}`;
}

/** A character as it can be shown on one line: invisible and control characters as their code point only. */
function shown(character: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(character) ? `'${character}'` : "(invisible)";
}

/** At most 10 positions, then how many more. */
function abbreviated(positions: readonly number[]): string {
  const head = positions.slice(0, 10).join(", ");
  return positions.length > 10 ? `${head} and ${positions.length - 10} more` : head;
}

function withoutTrailingNewline(text: string): string {
  if (text.endsWith("\r\n")) return text.slice(0, -2);
  if (text.endsWith("\n")) return text.slice(0, -1);
  return text;
}
