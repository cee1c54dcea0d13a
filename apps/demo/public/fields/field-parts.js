/**
 * What every generated field has, whatever its control: the label with the required marker, the
 * help and the error line, the shared attributes, and the Field object the form works with.
 */
import { fieldId, h } from "../shared/dom.js";
import { helpText, inputText } from "./field-kind.js";

/**
 * @typedef {import("./field-kind.js").PropertySchema} PropertySchema
 * @typedef {import("./field-kind.js").FieldKind} FieldKind
 * @typedef {{ set: boolean, value?: unknown }} FieldValue
 * @typedef {{ name: string, element: HTMLElement, focusTarget: HTMLElement, read(): FieldValue,
 *   write(value: unknown): void, setError(message: string | null): void }} Field
 * @typedef {{ name: string, property: PropertySchema, required: boolean, initial: unknown, kind: FieldKind,
 *   id: string, label: HTMLElement, help: HTMLElement, error: HTMLElement, attributes: Record<string, unknown> }} FieldSpec
 *   what a builder gets: the property, and the parts it places around its control
 * @typedef {{ input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, element: HTMLElement,
 *   read(): FieldValue, write(value: unknown): void }} FieldControl what a builder makes
 */

/**
 * The parts of the field for one property.
 * @param {string} name
 * @param {PropertySchema} property
 * @param {boolean} required
 * @param {unknown} initial
 * @param {FieldKind} kind
 * @param {string} idPrefix
 * @returns {FieldSpec}
 */
export function fieldSpec(name, property, required, initial, kind, idPrefix) {
  const id = fieldId(idPrefix, name);
  const helpId = `${id}-help`;
  return {
    name,
    property,
    required,
    initial,
    kind,
    id,
    help: h("p", { class: "help", id: helpId }, helpText(property, kind)),
    error: h("p", { class: "field-error", id: `${id}-error`, hidden: true }),
    label: h(
      "label",
      { for: id },
      h("span", { class: "field-name" }, name),
      required ? h("span", { class: "required", "aria-hidden": "true", title: "required" }, " *") : null,
    ),
    attributes: {
      id,
      name,
      "aria-describedby": helpId,
      required,
      "aria-required": required ? "true" : undefined,
    },
  };
}

/**
 * The Field of a built control: reads, writes and shows the server's message at the control.
 * @param {FieldSpec} spec
 * @param {FieldControl} control
 * @returns {Field}
 */
export function finishField(spec, { input, element, read, write }) {
  const { error, help } = spec;
  element.dataset.parameter = spec.name;
  return {
    name: spec.name,
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
      input.setAttribute("aria-describedby", error.hidden ? help.id : `${error.id} ${help.id}`);
    },
  };
}

/**
 * The control of a field whose value is the input's text (a text field, a text area, a select,
 * a number field): written from a value with `format`, unset while empty unless `read` says more.
 * @param {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} input
 * @param {HTMLElement} element
 * @param {unknown} initial
 * @param {{ format?: (value: unknown) => string, read?: () => FieldValue }} [how]
 * @returns {FieldControl}
 */
export function textControl(input, element, initial, { format = inputText, read } = {}) {
  /** @param {unknown} value */
  const write = (value) => {
    input.value = format(value);
  };
  write(initial);
  return {
    input,
    element,
    read: read ?? (() => (input.value === "" ? { set: false } : { set: true, value: input.value })),
    write,
  };
}
