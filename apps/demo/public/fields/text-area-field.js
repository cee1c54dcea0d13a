/** A text area for `x-multiline` text and for JSON objects (written as indented JSON). */
import { h } from "../shared/dom.js";
import { placeholderOf } from "./field-kind.js";
import { textControl } from "./field-parts.js";

/**
 * @param {import("./field-parts.js").FieldSpec} spec
 * @returns {import("./field-parts.js").FieldControl}
 */
export function textAreaField({ property, kind, initial, label, help, error, attributes }) {
  const area = h("textarea", {
    ...attributes,
    rows: kind === "json" ? 3 : 4,
    spellcheck: "false",
    placeholder: placeholderOf(property),
  });
  return textControl(area, h("div", { class: "field field-wide" }, label, area, error, help), initial, {
    format: (value) =>
      value === undefined || value === null
        ? ""
        : typeof value === "string"
          ? value
          : JSON.stringify(value, null, 2),
  });
}
