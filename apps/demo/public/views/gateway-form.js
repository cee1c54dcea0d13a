/**
 * The gateway form, to create or edit one: name, provider and description, the provider's part
 * (components/provider-part.js: everything there comes from its JSON Schema) and the sending
 * policies. The server's validation messages appear at the fields they concern and in a summary.
 */
import { createPolicyFields } from "../components/policy-fields.js";
import { buildProviderPart } from "../components/provider-part.js";
import { ApiError } from "../shared/api.js";
import { providers } from "../shared/catalogue.js";
import { gateways } from "../shared/client.js";
import { h, replaceChildren } from "../shared/dom.js";
import { counted } from "../shared/format.js";
import { errorSummary, issuesOf, showSummary } from "../shared/issues.js";
import { main, say } from "../shared/page.js";

/**
 * @typedef {import("../shared/api-types.js").GatewayView} GatewayView
 * @typedef {import("../shared/issues.js").Issue} Issue
 */

/** @param {string | undefined} providerId the provider to start with (`?provider=`) */
export async function newGatewayView(providerId) {
  await gatewayFormView(undefined, providerId);
}

/** @param {string | undefined} name */
export async function editGatewayView(name) {
  await gatewayFormView(name, undefined);
}

/**
 * @param {string | undefined} name the gateway to edit, or none for a new one
 * @param {string | undefined} providerId
 */
async function gatewayFormView(name, providerId) {
  const catalogue = await providers();
  const existing = name === undefined ? undefined : await gateways.get(name);
  const editing = existing !== undefined;
  const policyFields = createPolicyFields(existing?.policies);
  let provider =
    catalogue.find((candidate) => candidate.id === (existing?.provider ?? providerId)) ??
    catalogue.find((candidate) => candidate.id === "http") ??
    catalogue[0];
  if (provider === undefined) {
    replaceChildren(
      main,
      h("h1", { tabindex: "-1" }, "New gateway"),
      h(
        "p",
        { class: "error" },
        "No providers are installed; add a provider package to the app's dependencies.",
      ),
    );
    return;
  }

  const summary = errorSummary();
  const nameInput = h("input", {
    id: "gateway-name",
    value: existing?.name ?? "",
    readonly: editing,
    required: true,
    "aria-required": "true",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "gateway-name-help",
  });
  const nameError = h("p", { class: "field-error", id: "gateway-name-error", hidden: true });
  const descriptionInput = h("input", {
    id: "gateway-description",
    value: existing?.description ?? "",
    autocomplete: "off",
  });
  const providerSelect = h(
    "select",
    { id: "gateway-provider", disabled: editing, "aria-describedby": "gateway-provider-help" },
    catalogue.map((candidate) =>
      h("option", { value: candidate.id }, `${candidate.displayName} (${candidate.id})`),
    ),
  );
  providerSelect.value = provider.id;
  const providerHelp = h("p", { class: "help", id: "gateway-provider-help" }, provider.description);
  const providerPart = h("div", { class: "provider-part" });
  let inputs = buildProviderPart(providerPart, provider, existing);
  providerSelect.addEventListener("change", () => {
    provider = catalogue.find((candidate) => candidate.id === providerSelect.value) ?? provider;
    if (!provider) return;
    providerHelp.textContent = provider.description;
    inputs = buildProviderPart(providerPart, provider, existing);
  });

  const clearErrors = () => {
    summary.hidden = true;
    summary.replaceChildren();
    nameError.hidden = true;
    nameInput.removeAttribute("aria-invalid");
    nameInput.setAttribute("aria-describedby", "gateway-name-help");
    inputs.fields.clearErrors();
    inputs.options?.clearErrors();
    inputs.headers?.clearErrors();
  };

  /**
   * Show each issue at its field (the name, a parameter, an option or a header row) and all in
   * the summary; focus the first field concerned.
   * @param {Issue[]} issues
   */
  const showIssues = (issues) => {
    /** @type {HTMLElement | undefined} */
    let first;
    const unplaced = [];
    for (const issue of issues) {
      /** @type {HTMLElement | false | undefined} */
      let target;
      if (issue.key === "name") {
        nameError.textContent = issue.message;
        nameError.hidden = false;
        nameInput.setAttribute("aria-invalid", "true");
        nameInput.setAttribute("aria-describedby", "gateway-name-error gateway-name-help");
        target = nameInput;
      } else if (issue.key.startsWith("options.")) {
        target = inputs.options?.showError(issue.key.slice("options.".length), issue.message);
      } else if (issue.key.startsWith("headers.")) {
        target = inputs.headers?.showError(issue.key.slice("headers.".length), issue.message);
      } else {
        const field = inputs.fields.field(issue.key);
        if (field) {
          field.setError(issue.message);
          target = field.focusTarget;
        }
      }
      if (target) first ??= target;
      else unplaced.push(issue);
    }
    const note =
      unplaced.length > 0 ? null : h("p", { class: "help" }, "Each problem is also shown at its field.");
    showSummary(summary, `The gateway was not saved: ${counted(issues.length, "problem")}`, issues, note);
    (first ?? summary).focus();
  };

  const submit = async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    clearErrors();
    const gatewayName = nameInput.value.trim();
    if (gatewayName === "") {
      showIssues([{ key: "name", message: "enter a name for the gateway" }]);
      return;
    }
    const options = inputs.options?.read();
    const headers = inputs.headers?.read();
    const body = {
      provider: provider?.id,
      description: descriptionInput.value,
      parameters: inputs.fields.read(),
      options: options?.pairs ?? {},
      headers: headers?.pairs ?? {},
      secretOptions: options?.secretKeys ?? [],
      secretHeaders: headers?.secretKeys ?? [],
      policies: policyFields.read(),
      ...(editing ? { expectedRevision: existing.revision } : {}),
    };
    submitButton.disabled = true;
    try {
      if (!editing && (await gateways.get(gatewayName).catch(() => undefined))) {
        showIssues([
          { key: "name", message: `a gateway named '${gatewayName}' exists already; choose another name` },
        ]);
        return;
      }
      const saved = await gateways.save(gatewayName, body);
      say(`Saved the gateway “${saved.name}” (revision ${saved.revision}).`);
      location.hash = "#/gateways";
    } catch (error) {
      showIssues(issuesOf(error, error instanceof ApiError ? error.code : "error"));
    } finally {
      submitButton.disabled = false;
    }
  };

  const submitButton = h("button", { type: "submit" }, editing ? "Save changes" : "Create gateway");
  const form = h(
    "form",
    { class: "panel", novalidate: true, onsubmit: submit },
    summary,
    h(
      "fieldset",
      null,
      h("legend", null, "Gateway"),
      h(
        "div",
        { class: "field" },
        h(
          "label",
          { for: "gateway-name" },
          "Name",
          h("span", { class: "required", "aria-hidden": "true" }, " *"),
        ),
        nameInput,
        nameError,
        h(
          "p",
          { class: "help", id: "gateway-name-help" },
          editing
            ? "The name cannot be changed; save under a new name and delete this one to rename."
            : "Letters, digits, dot, underscore and dash; up to 64 characters. What applications name when they send.",
        ),
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: "gateway-provider" }, "Provider"),
        providerSelect,
        providerHelp,
      ),
      h(
        "div",
        { class: "field field-wide" },
        h("label", { for: "gateway-description" }, "Description"),
        descriptionInput,
      ),
    ),
    providerPart,
    policyFields.element,
    h(
      "div",
      { class: "actions" },
      submitButton,
      h("a", { class: "button secondary", href: "#/gateways" }, "Cancel"),
    ),
  );
  replaceChildren(
    main,
    h("h1", { tabindex: "-1" }, editing ? `Edit gateway “${existing.name}”` : "New gateway"),
    form,
  );
}
