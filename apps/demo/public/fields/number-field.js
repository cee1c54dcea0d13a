/** A number field for an integer or number parameter. */
import { h } from "../shared/dom.js";
import { textControl } from "./field-parts.js";

/**
 * @param {import("./field-parts.js").FieldSpec} spec
 * @returns {import("./field-parts.js").FieldControl}
 */
export function numberField({ property, kind, initial, label, help, error, attributes }) {
  const number = h("input", {
    ...attributes,
    type: "number",
    inputmode: kind === "integer" ? "numeric" : "decimal",
    step: kind === "integer" ? "1" : "any",
    min: property.minimum,
    max: property.maximum,
    placeholder: property.default !== undefined ? `default: ${String(property.default)}` : undefined,
  });
  return textControl(number, h("div", { class: "field" }, label, number, error, help), initial, {
    read: () => {
      const text = number.value.trim();
      if (text === "") return { set: false };
      const parsed = Number(text);
      return { set: true, value: Number.isFinite(parsed) ? parsed : text };
    },
  });
}
