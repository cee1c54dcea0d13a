/** A select for a parameter with an enum; the blank choice says what not choosing means. */
import { h } from "../shared/dom.js";
import { textControl } from "./field-parts.js";

/**
 * @param {import("./field-parts.js").FieldSpec} spec
 * @returns {import("./field-parts.js").FieldControl}
 */
export function enumField({ property, required, initial, label, help, error, attributes }) {
  const select = h("select", attributes);
  const blank = required
    ? "Choose…"
    : property.default !== undefined
      ? `(default: ${String(property.default)})`
      : "(not set)";
  select.append(h("option", { value: "" }, blank));
  for (const choice of property.enum ?? [])
    select.append(h("option", { value: String(choice) }, String(choice)));
  return textControl(select, h("div", { class: "field" }, label, select, error, help), initial);
}
