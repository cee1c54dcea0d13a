/**
 * The part of the gateway form that depends on the provider: its presets, the parameters
 * generated from its JSON Schema, and the options and headers editors where it allows them.
 */
import { createPairsEditor } from "../fields/pairs-editor.js";
import { createSchemaFields } from "../schema-form.js";
import { h, replaceChildren } from "../shared/dom.js";
import { say } from "../shared/page.js";
import { presetPicker } from "./preset-picker.js";

/**
 * @typedef {import("../shared/api-types.js").ProviderInfo} ProviderInfo
 * @typedef {import("../shared/api-types.js").GatewayView} GatewayView
 * @typedef {ReturnType<typeof createPairsEditor>} PairsEditor
 * @typedef {{ fields: ReturnType<typeof createSchemaFields>, options: PairsEditor | undefined,
 *   headers: PairsEditor | undefined }} ProviderInputs
 */

/**
 * Fill `container` with the inputs of `provider`, holding the values of `existing` when it is a
 * gateway of that provider.
 * @param {HTMLElement} container
 * @param {ProviderInfo} provider
 * @param {GatewayView | undefined} existing
 * @returns {ProviderInputs}
 */
export function buildProviderPart(container, provider, existing) {
  const values = existing && existing.provider === provider.id ? existing : undefined;
  const fields = createSchemaFields({
    schema: provider.parameters,
    values: values?.parameters ?? {},
    idPrefix: "param",
  });
  const options = provider.optionsAllowed
    ? createPairsEditor({
        noun: "option",
        legend: "Options",
        help: "Free key/value options sent to the gateway; values may contain {phone} (the recipient) and {otp} (the message). Mark secrets: they are stored encrypted and never shown.",
        pairs: values?.options ?? {},
        secretKeys: values?.secretOptions ?? [],
        idPrefix: "option",
      })
    : undefined;
  const headers = provider.headersAllowed
    ? createPairsEditor({
        noun: "header",
        legend: "HTTP headers",
        help: "Sent with every request; values may contain {phone} and {otp}. Mark secrets (e.g. Authorization).",
        pairs: values?.headers ?? {},
        secretKeys: values?.secretHeaders ?? [],
        idPrefix: "header",
      })
    : undefined;
  replaceChildren(
    container,
    presetPicker(provider.presets, (preset) => {
      fields.apply(preset.parameters ?? {});
      options?.apply(preset.options ?? {}, preset.secretOptions ?? []);
      headers?.apply(preset.headers ?? {}, preset.secretHeaders ?? []);
      say(`Applied the preset “${preset.name}”; fill in what it leaves empty.`);
    }),
    h(
      "fieldset",
      { class: "parameters" },
      h("legend", null, `Parameters of the ${provider.displayName}`),
      h("p", { class: "help" }, "Fields marked * are required."),
      fields.element,
    ),
    options?.element,
    headers?.element,
  );
  return { fields, options, headers };
}
