/**
 * Whether JSON text nests objects and lists more than `limit` levels deep, found by counting
 * brackets outside of strings — before `JSON.parse` builds a structure that would exhaust the
 * stack of whatever walks it later.
 */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === "\\") index++;
      else if (character === '"') inString = false;
    } else if (character === '"') {
      inString = true;
    } else if (character === "{" || character === "[") {
      depth++;
      if (depth > limit) return true;
    } else if (character === "}" || character === "]") {
      depth--;
    }
  }
  return false;
}
