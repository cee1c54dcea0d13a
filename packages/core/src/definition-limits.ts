import type { ValidationIssue } from "./errors.js";

/** How deeply objects and lists may nest inside one parameter value (e.g. PARAMETER). */
const maximumNestingDepth = 32;

/**
 * Report every parameter whose value nests objects or lists more than `maximumNestingDepth`
 * levels deep. Runs before anything else walks the values, so that a hostile definition
 * cannot exhaust the stack anywhere later (validation, secrets, the store).
 */
export function checkNesting(parameters: Readonly<Record<string, unknown>>, issues: ValidationIssue[]): void {
  for (const [key, value] of Object.entries(parameters)) {
    if (exceedsDepth(value, maximumNestingDepth)) {
      issues.push({
        key,
        message: `nests objects or lists more than ${maximumNestingDepth} levels deep; flatten it`,
      });
    }
  }
}

/** A header name as HTTP allows it: a token of RFC 9110. */
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Report header names that are not HTTP tokens and header values with a line break or another
 * control character: either would be refused by the HTTP client at send time, or split the
 * request into two.
 */
export function checkHeaders(headers: Readonly<Record<string, string>>, issues: ValidationIssue[]): void {
  for (const [name, value] of Object.entries(headers)) {
    if (name.trim() === "") continue;
    const key = `headers.${name}`;
    if (!headerName.test(name)) {
      issues.push({
        key,
        message: `is not a valid header name; use letters, digits and ! # $ % & ' * + - . ^ _ \` | ~ only (no spaces, colons or line breaks)`,
      });
    }
    if (hasControlCharacter(value)) {
      issues.push({ key, message: "has a line break or another control character in its value; remove it" });
    }
  }
}

/** Whether a text holds a line break or another control character (a tab is allowed) that would end or split a header. */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/** Whether objects and lists nest deeper than `limit` in `value`, without recursion. */
function exceedsDepth(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (current === null || typeof current !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}
