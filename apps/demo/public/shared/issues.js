/** The problems of a refused save, as the server lists them (`issues: [{ key, message }]`). */
import { ApiError } from "./api.js";
import { h } from "./dom.js";
import { errorText } from "./page.js";

/** @typedef {{ key: string, message: string }} Issue */

/**
 * The issues of a failed save: the server's, or one made of the error under `fallbackKey`.
 * @param {unknown} error
 * @param {string} fallbackKey
 * @returns {Issue[]}
 */
export function issuesOf(error, fallbackKey) {
  return error instanceof ApiError && error.issues.length > 0
    ? error.issues
    : [{ key: fallbackKey, message: errorText(error) }];
}

/**
 * One list item per issue: the key in bold, then the message.
 * @param {readonly Issue[]} issues
 */
export function issueItems(issues) {
  return issues.map((issue) => h("li", null, h("strong", null, issue.key), ` ${issue.message}`));
}

/**
 * Fill a form's error summary (a heading, the issues, an optional note), show and return it.
 * @param {HTMLElement} summary
 * @param {string} heading
 * @param {readonly Issue[]} issues
 * @param {HTMLElement | null} [note]
 */
export function showSummary(summary, heading, issues, note = null) {
  summary.replaceChildren(h("h2", null, heading), h("ul", null, issueItems(issues)));
  if (note) summary.append(note);
  summary.hidden = false;
  return summary;
}

/** An empty, hidden error summary for the top of a form. */
export function errorSummary() {
  return h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
}
