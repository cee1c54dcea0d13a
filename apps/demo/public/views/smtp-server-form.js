/** The form of one SMTP server, generated from the server's JSON Schema of SMTP servers. */
import { createSchemaFields } from "../schema-form.js";
import { smtpServers } from "../shared/client.js";
import { h } from "../shared/dom.js";
import { errorSummary, issuesOf, showSummary } from "../shared/issues.js";
import { renderAgain, say } from "../shared/page.js";

/**
 * @typedef {import("../shared/api-types.js").SmtpServerDefinition} SmtpServerDefinition
 * @typedef {import("../shared/api-types.js").ParametersSchema} ParametersSchema
 */

/**
 * @param {ParametersSchema} schema
 * @param {SmtpServerDefinition | undefined} existing
 */
export function smtpServerForm(schema, existing) {
  const nameInput = h("input", {
    id: "smtp-name",
    value: existing?.name ?? "",
    readonly: existing !== undefined,
    autocomplete: "off",
    required: true,
    "aria-required": "true",
    "aria-describedby": "smtp-name-error",
  });
  const nameError = h("p", { class: "field-error", id: "smtp-name-error", hidden: true });
  /** @param {string} message */
  const showNameError = (message) => {
    nameError.textContent = message;
    nameError.hidden = false;
    nameInput.setAttribute("aria-invalid", "true");
  };
  const fields = createSchemaFields({ schema, values: { ...existing }, idPrefix: "smtp" });
  const summary = errorSummary();
  const submit = async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    fields.clearErrors();
    nameError.hidden = true;
    summary.hidden = true;
    nameInput.removeAttribute("aria-invalid");
    const name = nameInput.value.trim();
    if (name === "") {
      showNameError("enter a name for the SMTP server");
      nameInput.focus();
      return;
    }
    const values = fields.read();
    for (const key of ["revision", "updatedAt", "name"]) delete values[key];
    try {
      const saved = await smtpServers.save(name || "-", {
        ...values,
        ...(existing ? { expectedRevision: existing.revision } : {}),
      });
      say(`Saved the SMTP server “${saved.name}”.`);
      renderAgain();
    } catch (error) {
      const issues = issuesOf(error, "error");
      /** @type {HTMLElement | undefined} */
      let first;
      for (const issue of issues) {
        if (issue.key === "name") {
          showNameError(issue.message);
          first ??= nameInput;
        } else {
          const field = fields.field(issue.key);
          field?.setError(issue.message);
          if (field) first ??= field.focusTarget;
        }
      }
      showSummary(summary, "The SMTP server was not saved", issues);
      (first ?? summary).focus();
    }
  };
  const form = h(
    "form",
    { class: "panel", novalidate: true, onsubmit: submit },
    h("h2", null, existing ? `Edit SMTP server “${existing.name}”` : "New SMTP server"),
    summary,
    h(
      "div",
      { class: "field" },
      h("label", { for: "smtp-name" }, "Name", h("span", { class: "required", "aria-hidden": "true" }, " *")),
      nameInput,
      nameError,
    ),
    fields.element,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit" }, "Save SMTP server"),
      h("button", { type: "button", class: "secondary", onclick: () => form.remove() }, "Cancel"),
    ),
  );
  return form;
}
