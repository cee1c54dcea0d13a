/**
 * A password field for a writeOnly (secret) parameter. A stored secret arrives censored: the
 * field stays empty, sends the censored marker back (the server keeps the stored value) unless
 * something new is typed, and offers a checkbox that removes the stored secret.
 */
import { censored as censoredMarker } from "../server-facts.js";
import { h } from "../shared/dom.js";
import { inputText } from "./field-kind.js";

/**
 * @param {import("./field-parts.js").FieldSpec} spec
 * @returns {import("./field-parts.js").FieldControl}
 */
export function secretField({ name, id, initial, label, help, error, attributes }) {
  const censored = initial === censoredMarker;
  const password = h("input", {
    ...attributes,
    type: "password",
    autocomplete: "new-password",
    placeholder: censored ? "stored secret: leave empty to keep it" : undefined,
  });
  const clearBox = censored
    ? h("input", {
        type: "checkbox",
        id: `${id}-clear`,
        onchange: () => {
          password.disabled = clearBox?.checked === true;
        },
      })
    : undefined;
  /** @param {unknown} value */
  const write = (value) => {
    if (value !== censoredMarker) password.value = inputText(value);
  };
  if (!censored) write(initial);
  return {
    input: password,
    element: h(
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
    ),
    read: () => {
      if (clearBox?.checked) return { set: true, value: "" };
      if (password.value !== "") return { set: true, value: password.value };
      return censored ? { set: true, value: censoredMarker } : { set: false };
    },
    write,
  };
}
