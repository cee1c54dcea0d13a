/**
 * Form fields generated from a provider's JSON Schema: a select for an enum, a password field
 * for a writeOnly (secret) parameter, a checkbox for a boolean, a number field for numbers, a
 * text area for `x-multiline` text and JSON objects, required markers, descriptions as help,
 * and the server's validation messages shown at the field they concern.
 */
import { fieldId, h } from "./dom.js";

/** How the server shows a stored secret; sending it back keeps the stored value. */
export const CENSORED = "__CENSORED__";

/**
 * @typedef {{ type?: string | string[], enum?: unknown[], default?: unknown, description?: string,
 *   writeOnly?: boolean, format?: string, examples?: unknown[], minimum?: number, maximum?: number,
 *   exclusiveMinimum?: number, minLength?: number, anyOf?: { type?: string }[], "x-multiline"?: boolean }} PropertySchema
 * @typedef {{ properties?: Record<string, PropertySchema>, required?: string[] }} ObjectSchema
 * @typedef {{ name: string, element: HTMLElement, focusTarget: HTMLElement, read(): { set: boolean, value?: unknown },
 *   write(value: unknown): void, setError(message: string | null): void }} Field
 */

/**
 * The fields of one object schema.
 * @param {{ schema: ObjectSchema, values?: Record<string, unknown>, idPrefix: string }} options
 */
export function createSchemaFields({ schema, values = {}, idPrefix }) {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const names = Object.keys(properties);
  const ordered = [
    ...names.filter((name) => required.has(name)),
    ...names.filter((name) => !required.has(name)),
  ];
  /** @type {Map<string, Field>} */
  const fields = new Map();
  for (const name of ordered) {
    const property = properties[name] ?? {};
    fields.set(name, createField(name, property, required.has(name), values[name], idPrefix));
  }
  const unknown = Object.fromEntries(Object.entries(values).filter(([name]) => !(name in properties)));
  const element = h(
    "div",
    { class: "schema-fields" },
    [...fields.values()].map((field) => field.element),
  );
  return {
    element,
    /** The values to save: only fields that are set, plus stored values the schema does not know. */
    read() {
      /** @type {Record<string, unknown>} */
      const result = { ...unknown };
      for (const field of fields.values()) {
        const { set, value } = field.read();
        if (set) result[field.name] = value;
      }
      return result;
    },
    /**
     * Fill in values (a preset); fields not named keep theirs.
     * @param {Record<string, unknown>} next
     */
    apply(next) {
      for (const [name, value] of Object.entries(next)) fields.get(name)?.write(value);
    },
    /** @param {string} name */
    field(name) {
      return fields.get(name);
    },
    clearErrors() {
      for (const field of fields.values()) field.setError(null);
    },
  };
}

/**
 * Rows of free key/value pairs (options or headers), each with a secret checkbox when allowed.
 * @param {{ noun: string, legend: string, help: string, pairs?: Record<string, string>,
 *   secretKeys?: readonly string[], idPrefix: string }} options
 */
export function createPairsEditor({ noun, legend, help, pairs = {}, secretKeys = [], idPrefix }) {
  const secrets = new Set(secretKeys);
  /** @type {{ key: HTMLInputElement, value: HTMLInputElement, secret: HTMLInputElement, censored: boolean, row: HTMLElement, error: HTMLElement, number: number }[]} */
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
    const censored = valueText === CENSORED;
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
        result[name] = entry.censored && entry.value.value === "" ? CENSORED : entry.value.value;
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

/**
 * One field for one property.
 * @param {string} name
 * @param {PropertySchema} property
 * @param {boolean} isRequired
 * @param {unknown} initial
 * @param {string} idPrefix
 * @returns {Field}
 */
function createField(name, property, isRequired, initial, idPrefix) {
  const id = fieldId(idPrefix, name);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const kind = fieldKind(property);
  const help = h("p", { class: "help", id: helpId }, helpText(property, kind));
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const label = h(
    "label",
    { for: id },
    h("span", { class: "field-name" }, name),
    isRequired ? h("span", { class: "required", "aria-hidden": "true", title: "required" }, " *") : null,
  );
  const describedBy = () => (error.hidden ? helpId : `${errorId} ${helpId}`);
  const common = {
    id,
    name,
    "aria-describedby": helpId,
    required: isRequired,
    "aria-required": isRequired ? "true" : undefined,
  };
  /** @type {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} */
  let input;
  /** @type {HTMLElement} */
  let element;
  /** @type {() => { set: boolean, value?: unknown }} */
  let read;
  /** @type {(value: unknown) => void} */
  let write;

  switch (kind) {
    case "boolean": {
      const box = /** @type {HTMLInputElement} */ (h("input", { ...common, type: "checkbox" }));
      const fallback = property.default === true;
      const wasSet = initial !== undefined;
      write = (value) => {
        box.checked = value === undefined ? fallback : truthy(value);
      };
      write(initial);
      read = () => (wasSet || box.checked !== fallback ? { set: true, value: box.checked } : { set: false });
      input = box;
      element = h(
        "div",
        { class: "field field-boolean" },
        h("div", { class: "check" }, box, label),
        error,
        help,
      );
      break;
    }
    case "enum": {
      const select = /** @type {HTMLSelectElement} */ (h("select", common));
      const blank = isRequired
        ? "Choose…"
        : property.default !== undefined
          ? `(default: ${String(property.default)})`
          : "(not set)";
      select.append(h("option", { value: "" }, blank));
      for (const choice of property.enum ?? [])
        select.append(h("option", { value: String(choice) }, String(choice)));
      write = (value) => {
        select.value = value === undefined || value === null ? "" : String(value);
      };
      write(initial);
      read = () => (select.value === "" ? { set: false } : { set: true, value: select.value });
      input = select;
      element = h("div", { class: "field" }, label, select, error, help);
      break;
    }
    case "number":
    case "integer": {
      const number = /** @type {HTMLInputElement} */ (
        h("input", {
          ...common,
          type: "number",
          inputmode: kind === "integer" ? "numeric" : "decimal",
          step: kind === "integer" ? "1" : "any",
          min: property.minimum,
          max: property.maximum,
          placeholder: property.default !== undefined ? `default: ${String(property.default)}` : undefined,
        })
      );
      write = (value) => {
        number.value = value === undefined || value === null ? "" : String(value);
      };
      write(initial);
      read = () => {
        const text = number.value.trim();
        if (text === "") return { set: false };
        const parsed = Number(text);
        return { set: true, value: Number.isFinite(parsed) ? parsed : text };
      };
      input = number;
      element = h("div", { class: "field" }, label, number, error, help);
      break;
    }
    case "multiline":
    case "json": {
      const area = /** @type {HTMLTextAreaElement} */ (
        h("textarea", {
          ...common,
          rows: kind === "json" ? 3 : 4,
          spellcheck: "false",
          placeholder: placeholderOf(property),
        })
      );
      write = (value) => {
        area.value =
          value === undefined || value === null
            ? ""
            : typeof value === "string"
              ? value
              : JSON.stringify(value, null, 2);
      };
      write(initial);
      read = () => (area.value === "" ? { set: false } : { set: true, value: area.value });
      input = area;
      element = h("div", { class: "field field-wide" }, label, area, error, help);
      break;
    }
    case "secret": {
      const censored = initial === CENSORED;
      const password = /** @type {HTMLInputElement} */ (
        h("input", {
          ...common,
          type: "password",
          autocomplete: "new-password",
          placeholder: censored ? "stored secret: leave empty to keep it" : undefined,
        })
      );
      const clearBox = censored
        ? /** @type {HTMLInputElement} */ (
            h("input", {
              type: "checkbox",
              id: `${id}-clear`,
              onchange: () => {
                password.disabled = clearBox?.checked === true;
              },
            })
          )
        : undefined;
      write = (value) => {
        if (value !== CENSORED) password.value = value === undefined || value === null ? "" : String(value);
      };
      if (!censored) write(initial);
      read = () => {
        if (clearBox?.checked) return { set: true, value: "" };
        if (password.value !== "") return { set: true, value: password.value };
        return censored ? { set: true, value: CENSORED } : { set: false };
      };
      input = password;
      element = h(
        "div",
        { class: "field" },
        label,
        password,
        clearBox
          ? h(
              "div",
              { class: "check check-small" },
              clearBox,
              h("label", { for: clearBox.id }, `Remove the stored ${name}`),
            )
          : null,
        error,
        help,
      );
      break;
    }
    default: {
      const text = /** @type {HTMLInputElement} */ (
        h("input", {
          ...common,
          type: "text",
          inputmode: property.format === "http-url" || property.format === "uri" ? "url" : undefined,
          autocomplete: "off",
          spellcheck: "false",
          placeholder: placeholderOf(property),
        })
      );
      write = (value) => {
        text.value = value === undefined || value === null ? "" : String(value);
      };
      write(initial);
      read = () => (text.value === "" ? { set: false } : { set: true, value: text.value });
      input = text;
      element = h("div", { class: "field" }, label, text, error, help);
    }
  }
  element.dataset.parameter = name;
  return {
    name,
    element,
    focusTarget: input,
    read,
    write,
    setError(message) {
      if (message === null) {
        error.hidden = true;
        error.textContent = "";
        input.removeAttribute("aria-invalid");
        element.classList.remove("invalid");
      } else {
        error.textContent = message;
        error.hidden = false;
        input.setAttribute("aria-invalid", "true");
        element.classList.add("invalid");
      }
      input.setAttribute("aria-describedby", describedBy());
    },
  };
}

/**
 * Which control a property gets.
 * @param {PropertySchema} property
 */
function fieldKind(property) {
  if (Array.isArray(property.enum)) return "enum";
  const types = Array.isArray(property.type) ? property.type : property.type ? [property.type] : [];
  const anyOfTypes = (property.anyOf ?? []).map((entry) => entry.type);
  if (types.includes("object") || anyOfTypes.includes("object")) return "json";
  if (types.includes("boolean")) return "boolean";
  if (types.includes("integer")) return "integer";
  if (types.includes("number")) return "number";
  if (property.writeOnly) return "secret";
  if (property["x-multiline"]) return "multiline";
  return "text";
}

/**
 * The help under a field: the description, plus the default where the control does not show it.
 * @param {PropertySchema} property
 * @param {string} kind
 */
function helpText(property, kind) {
  const parts = [property.description ?? ""];
  if (kind === "secret" && !/secret/i.test(property.description ?? "")) {
    parts.push("Secret: stored encrypted, never shown again.");
  }
  if (kind === "boolean" && property.default !== undefined) {
    parts.push(`Default: ${property.default ? "on" : "off"}.`);
  }
  return parts.filter((part) => part !== "").join(" ");
}

/** @param {PropertySchema} property */
function placeholderOf(property) {
  const example = property.examples?.[0];
  if (example !== undefined) return `e.g. ${typeof example === "string" ? example : JSON.stringify(example)}`;
  if (property.default !== undefined && property.default !== "")
    return `default: ${String(property.default)}`;
  return undefined;
}

/** privacyIDEA writes booleans as "yes"/"no"/"1"/"0"/"true"/"false". @param {unknown} value */
function truthy(value) {
  if (typeof value === "string") return ["yes", "true", "1", "on"].includes(value.trim().toLowerCase());
  return Boolean(value);
}

/** @param {string} text */
function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
