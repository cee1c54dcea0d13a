/** A one-line text field, the control of every other parameter (URLs get the URL keyboard). */
import { h } from "../shared/dom.js";
import { placeholderOf } from "./field-kind.js";
import { textControl } from "./field-parts.js";

/**
 * @param {import("./field-parts.js").FieldSpec} spec
 * @returns {import("./field-parts.js").FieldControl}
 */
export function textField({ property, initial, label, help, error, attributes }) {
  const text = h("input", {
    ...attributes,
    type: "text",
    inputmode: property.format === "http-url" || property.format === "uri" ? "url" : undefined,
    autocomplete: "off",
    spellcheck: "false",
    placeholder: placeholderOf(property),
  });
  return textControl(text, h("div", { class: "field" }, label, text, error, help), initial);
}
