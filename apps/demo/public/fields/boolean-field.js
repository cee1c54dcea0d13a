/** A checkbox for a boolean parameter; left unset while it shows the default. */
import { h } from "../shared/dom.js";

/**
 * @param {import("./field-parts.js").FieldSpec} spec
 * @returns {import("./field-parts.js").FieldControl}
 */
export function booleanField({ property, initial, label, help, error, attributes }) {
  const box = h("input", { ...attributes, type: "checkbox" });
  const fallback = property.default === true;
  const wasSet = initial !== undefined;
  /** @param {unknown} value */
  const write = (value) => {
    box.checked = value === undefined ? fallback : truthy(value);
  };
  write(initial);
  return {
    input: box,
    element: h(
      "div",
      { class: "field field-boolean" },
      h("div", { class: "check" }, box, label),
      error,
      help,
    ),
    read: () => (wasSet || box.checked !== fallback ? { set: true, value: box.checked } : { set: false }),
    write,
  };
}

/** privacyIDEA writes booleans as "yes"/"no"/"1"/"0"/"true"/"false". @param {unknown} value */
function truthy(value) {
  if (typeof value === "string") return ["yes", "true", "1", "on"].includes(value.trim().toLowerCase());
  return Boolean(value);
}
