/**
 * The SMTP servers page: central SMTP servers that e-mail-to-SMS gateways send through, as cards,
 * with the form (smtp-server-form.js) opened below the list.
 */
import { deleteButton } from "../components/card-actions.js";
import { smtpServers } from "../shared/client.js";
import { h, replaceChildren } from "../shared/dom.js";
import { main } from "../shared/page.js";
import { smtpServerForm } from "./smtp-server-form.js";

/** @typedef {import("../shared/api-types.js").SmtpServerDefinition} SmtpServerDefinition */

export async function smtpServersView() {
  const [servers, schema] = await Promise.all([smtpServers.list(), smtpServers.schema()]);
  const formArea = h("div", { class: "smtp-form-area" });
  const showForm = (/** @type {SmtpServerDefinition | undefined} */ existing) => {
    replaceChildren(formArea, smtpServerForm(schema, existing));
    formArea.querySelector("input")?.focus();
  };
  replaceChildren(
    main,
    h(
      "div",
      { class: "page-head" },
      h("h1", { tabindex: "-1" }, "SMTP servers"),
      h("button", { type: "button", onclick: () => showForm(undefined) }, "New SMTP server"),
    ),
    h(
      "p",
      { class: "lead" },
      "Central SMTP servers that e-mail-to-SMS gateways (the SMTP provider) send through; a change reaches every gateway that uses the server.",
    ),
    servers.length === 0
      ? h("p", { class: "empty" }, "No SMTP servers yet.")
      : h(
          "ul",
          { class: "cards", "aria-label": "SMTP servers" },
          servers.map((server) => serverCard(server, () => showForm(server))),
        ),
    formArea,
  );
}

/**
 * @param {SmtpServerDefinition} server
 * @param {() => void} edit
 */
function serverCard(server, edit) {
  return h(
    "li",
    { class: "card" },
    h("h2", null, server.name),
    h(
      "p",
      { class: "meta" },
      `${server.host}:${server.port} · ${server.tls} · from ${server.sender} · revision ${server.revision}`,
    ),
    server.description ? h("p", null, server.description) : null,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "secondary", "aria-label": `Edit ${server.name}`, onclick: edit },
        "Edit",
      ),
      deleteButton("SMTP server", server.name, () => smtpServers.remove(server.name)),
    ),
  );
}
