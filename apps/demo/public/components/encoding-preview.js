/**
 * The send dialog's encoding preview: as the user types, the server's `POST /api/inspect`
 * (core's analyzeMessage, the same code the SMPP provider splits with) says whether the text is
 * GSM 7-bit or UCS-2, how many parts it takes and which characters force UCS-2, with a button
 * that puts in the GSM look-alikes.
 */
import { inspectText } from "../shared/client.js";
import { h, replaceChildren } from "../shared/dom.js";
import { counted } from "../shared/format.js";

/** @typedef {import("../shared/api-types.js").MessageAnalysis} MessageAnalysis */

/**
 * A live preview for a message textarea; returns the element to place under it.
 * @param {HTMLTextAreaElement} textarea
 */
export function createEncodingPreview(textarea) {
  const element = h("div", {
    class: "encoding-preview help",
    "aria-live": "polite",
    "data-testid": "encoding-preview",
  });
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let asked = 0;
  const refresh = async () => {
    const question = ++asked;
    try {
      const analysis = await inspectText(textarea.value);
      if (question === asked) render(analysis);
    } catch {
      if (question === asked) replaceChildren(element);
    }
  };
  /** @param {MessageAnalysis} analysis */
  const render = (analysis) => {
    const encoding = analysis.encoding === "gsm7" ? "GSM 7-bit" : "UCS-2";
    const parts = counted(analysis.parts, "part");
    const summary = `${encoding} · ${analysis.length} ${analysis.unit} · ${parts} · ${analysis.remaining} left in the last part`;
    const faults = analysis.forcingUcs2.map(
      (entry) =>
        `${visible(entry.character)} (${entry.codePoint}) at ${entry.positions.slice(0, 5).join(", ")}${entry.positions.length > 5 ? "…" : ""}`,
    );
    const after = analysis.withSuggestions;
    replaceChildren(
      element,
      h("span", { class: "encoding-summary" }, summary),
      faults.length > 0
        ? h("span", { class: "encoding-faults" }, ` — forces UCS-2: ${faults.join("; ")}`)
        : null,
      after
        ? h(
            "button",
            {
              type: "button",
              class: "secondary small",
              onclick: () => {
                textarea.value = after.text;
                textarea.dispatchEvent(new Event("input"));
              },
            },
            `Use GSM look-alikes (${after.encoding === "gsm7" ? "GSM 7-bit" : "still UCS-2"}, ${counted(after.parts, "part")})`,
          )
        : null,
    );
  };
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
  refresh();
  return element;
}

/** @param {string} character */
function visible(character) {
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(character) ? `“${character}”` : "an invisible character";
}
