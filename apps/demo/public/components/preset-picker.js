/** A select of a provider's presets and a button that fills the gateway form from the chosen one. */
import { h } from "../shared/dom.js";

/** @typedef {import("../shared/api-types.js").ProviderPreset} ProviderPreset */

const defaultHelp = "Fill the form from a known gateway's settings.";

/**
 * The picker, or null for a provider without presets.
 * @param {readonly ProviderPreset[]} presets
 * @param {(preset: ProviderPreset) => void} apply
 */
export function presetPicker(presets, apply) {
  if (presets.length === 0) return null;
  const select = h(
    "select",
    { id: "preset", "aria-describedby": "preset-help" },
    h("option", { value: "" }, "(none)"),
    presets.map((preset) => h("option", { value: preset.name }, preset.name)),
  );
  const help = h("p", { class: "help", id: "preset-help" }, defaultHelp);
  const chosen = () => presets.find((candidate) => candidate.name === select.value);
  select.addEventListener("change", () => {
    help.textContent = chosen()?.description ?? defaultHelp;
  });
  return h(
    "div",
    { class: "panel-inset preset" },
    h(
      "div",
      { class: "field" },
      h("label", { for: "preset" }, "Start from a preset"),
      h(
        "div",
        { class: "inline" },
        select,
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            onclick: () => {
              const preset = chosen();
              if (preset) apply(preset);
              else select.focus();
            },
          },
          "Apply preset",
        ),
      ),
      help,
    ),
  );
}
