/**
 * Rows of free key/value pairs (options, headers, a push message's data), each with a secret
 * checkbox. A stored secret arrives censored: its value stays empty and is sent back censored
 * (the server keeps it) unless something new is typed.
 */
import { censored as censoredMarker } from "../server-facts.js";
import { h } from "../shared/dom.js";

/**
 * @typedef {{ key: HTMLInputElement, value: HTMLInputElement, secret: HTMLInputElement, censored: boolean,
 *   row: HTMLElement, error: HTMLElement, number: number }} PairRow
 */

/**
 * Rows of free key/value pairs (options or headers), each with a secret checkbox when allowed.
 * @param {{ noun: string, legend: string, help: string, pairs?: Record<string, string>,
 *   secretKeys?: readonly string[], idPrefix: string }} options
 */
export function createPairsEditor({ noun, legend, help, pairs = {}, secretKeys = [], idPrefix }) {
  const secrets = new Set(secretKeys);
  /** @type {PairRow[]} */
  const rows = [];
  let numbered = 0;
  const list = h("div", { class: "pair-rows" });
  const helpId = `${idPrefix}-help`;
  const addButton = h(
    "button",
    { type: "button", class: "secondary", onclick: () => addRow("", "", false).key.focus() },
    `Add ${noun}`,
  );
  const element = h(
    "fieldset",
    { class: "pairs", "aria-describedby": helpId },
    h("legend", null, legend),
    h("p", { class: "help", id: helpId }, help),
    list,
    addButton,
  );

  /**
   * @param {string} keyText
   * @param {string} valueText
   * @param {boolean} secret
   */
  function addRow(keyText, valueText, secret) {
    numbered += 1;
    const number = numbered;
    const base = `${idPrefix}-${number}`;
    const censored = valueText === censoredMarker;
    const key = /** @type {HTMLInputElement} */ (
      h("input", {
        id: `${base}-key`,
        class: "pair-key",
        value: keyText,
        autocomplete: "off",
        spellcheck: "false",
      })
    );
    const value = /** @type {HTMLInputElement} */ (
      h("input", {
        id: `${base}-value`,
        class: "pair-value",
        value: censored ? "" : valueText,
        type: secret || censored ? "password" : "text",
        autocomplete: secret || censored ? "new-password" : "off",
        placeholder: censored ? "stored secret: leave empty to keep" : "value, may use {phone} and {otp}",
        spellcheck: "false",
      })
    );
    const secretBox = /** @type {HTMLInputElement} */ (
      h("input", {
        type: "checkbox",
        id: `${base}-secret`,
        checked: secret,
        onchange: () => {
          value.type = secretBox.checked || censored ? "password" : "text";
        },
      })
    );
    const error = h("p", { class: "field-error", id: `${base}-error`, hidden: true });
    const row = h(
      "div",
      { class: "pair-row", role: "group", "aria-label": `${capitalize(noun)} ${number}` },
      h("div", { class: "pair-cell" }, h("label", { for: key.id }, `${capitalize(noun)} name`), key),
      h("div", { class: "pair-cell pair-cell-value" }, h("label", { for: value.id }, "Value"), value),
      h(
        "div",
        { class: "pair-cell pair-cell-secret" },
        secretBox,
        h("label", { for: secretBox.id }, "Secret"),
      ),
      h(
        "button",
        {
          type: "button",
          class: "secondary remove",
          "aria-label": `Remove ${noun} ${number}`,
          onclick: () => {
            rows.splice(rows.indexOf(entry), 1);
            row.remove();
            addButton.focus();
          },
        },
        "Remove",
      ),
      error,
    );
    const entry = { key, value, secret: secretBox, censored, row, error, number };
    rows.push(entry);
    list.append(row);
    return entry;
  }

  for (const [keyText, valueText] of Object.entries(pairs)) addRow(keyText, valueText, secrets.has(keyText));

  return {
    element,
    /** The pairs with a name, and the names flagged secret. */
    read() {
      /** @type {Record<string, string>} */
      const result = {};
      /** @type {string[]} */
      const secretNames = [];
      for (const entry of rows) {
        const name = entry.key.value.trim();
        if (name === "") continue;
        result[name] = entry.censored && entry.value.value === "" ? censoredMarker : entry.value.value;
        if (entry.secret.checked) secretNames.push(name);
      }
      return { pairs: result, secretKeys: secretNames };
    },
    /**
     * Set pairs (a preset): a row with the same name gets the value, others are added.
     * @param {Record<string, string>} next
     * @param {readonly string[]} [secretNames] names to mark secret
     */
    apply(next, secretNames = []) {
      for (const [keyText, valueText] of Object.entries(next)) {
        const secret = secretNames.includes(keyText);
        const existing = rows.find((entry) => entry.key.value.trim() === keyText);
        if (!existing) {
          addRow(keyText, valueText, secret);
          continue;
        }
        existing.value.value = valueText;
        if (secret) {
          existing.secret.checked = true;
          existing.value.type = "password";
        }
      }
    },
    /**
     * Show a message at the row of a pair; false when there is no such row.
     * @param {string} name
     * @param {string} message
     */
    showError(name, message) {
      const entry = rows.find((candidate) => candidate.key.value.trim() === name);
      if (!entry) return false;
      entry.error.textContent = message;
      entry.error.hidden = false;
      for (const input of [entry.key, entry.value]) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", entry.error.id);
      }
      return entry.value;
    },
    clearErrors() {
      for (const entry of rows) {
        entry.error.hidden = true;
        entry.error.textContent = "";
        for (const input of [entry.key, entry.value]) {
          input.removeAttribute("aria-invalid");
          input.removeAttribute("aria-describedby");
        }
      }
    },
  };
}

/** @param {string} text */
function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
