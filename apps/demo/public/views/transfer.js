/**
 * The Import / export page: download every definition as one JSON document (secrets censored
 * or not), and import smskit's or privacyIDEA's export, with a dry run first.
 */
import { censored } from "../server-facts.js";
import { ApiError } from "../shared/api.js";
import { forgetProviders } from "../shared/catalogue.js";
import { transfer } from "../shared/client.js";
import { h, replaceChildren } from "../shared/dom.js";
import { download } from "../shared/download.js";
import { nameList } from "../shared/format.js";
import { issueItems } from "../shared/issues.js";
import { errorText, main } from "../shared/page.js";

/**
 * @typedef {import("../shared/api-types.js").ImportReport} ImportReport
 * @typedef {ImportReport["gateways"]} ImportOutcome
 */

export async function transferView() {
  replaceChildren(main, h("h1", { tabindex: "-1" }, "Import and export"), exportPanel(), importPanel());
}

function exportPanel() {
  const censorBox = h("input", { type: "checkbox", id: "export-censor", checked: true });
  return h(
    "section",
    { class: "panel", "aria-labelledby": "export-heading" },
    h("h2", { id: "export-heading" }, "Export"),
    h("p", null, "Every gateway and SMTP server as one JSON document."),
    h(
      "div",
      { class: "check" },
      censorBox,
      h("label", { for: "export-censor" }, `Censor secrets (${censored})`),
    ),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          type: "button",
          onclick: async () => {
            const exported = await transfer.exportAll(censorBox.checked);
            const text = `${JSON.stringify(exported, null, 2)}\n`;
            download(new Blob([text], { type: "application/json" }), "smskit-export.json");
          },
        },
        "Download export",
      ),
    ),
  );
}

function importPanel() {
  const documentInput = h("textarea", {
    id: "import-document",
    rows: 8,
    spellcheck: "false",
    "aria-describedby": "import-help",
    placeholder: '{"smskit": 1, "gateways": {…}, "smtpServers": {…}}',
  });
  const fileInput = h("input", {
    type: "file",
    id: "import-file",
    accept: "application/json,.json",
    onchange: async () => {
      const file = fileInput.files?.[0];
      if (file) documentInput.value = await file.text();
    },
  });
  const dryRunBox = h("input", { type: "checkbox", id: "import-dry-run", checked: true });
  const report = h("div", { class: "import-report", role: "status", "aria-live": "polite" });
  const importDocument = async () => {
    /** @type {unknown} */
    let parsed;
    try {
      parsed = JSON.parse(documentInput.value);
    } catch (error) {
      replaceChildren(report, h("p", { class: "error" }, `Not JSON: ${errorText(error)}`));
      return;
    }
    try {
      replaceChildren(report, importReport(await transfer.importAll(parsed, dryRunBox.checked)));
      forgetProviders();
    } catch (error) {
      replaceChildren(
        report,
        h("p", { class: "error" }, errorText(error)),
        error instanceof ApiError && error.issues.length > 0
          ? h("ul", { class: "error" }, issueItems(error.issues))
          : null,
      );
    }
  };
  return h(
    "section",
    { class: "panel", "aria-labelledby": "import-heading" },
    h("h2", { id: "import-heading" }, "Import"),
    h(
      "p",
      { class: "help", id: "import-help" },
      `smskit's export, or privacyIDEA's gateway or configuration export. Validated as a whole: one problem refuses everything. A secret given as ${censored} keeps the stored value.`,
    ),
    h("div", { class: "field" }, h("label", { for: "import-file" }, "JSON file"), fileInput),
    h(
      "div",
      { class: "field field-wide" },
      h("label", { for: "import-document" }, "Document"),
      documentInput,
    ),
    h(
      "div",
      { class: "check" },
      dryRunBox,
      h("label", { for: "import-dry-run" }, "Dry run: only report what would change"),
    ),
    h("div", { class: "actions" }, h("button", { type: "button", onclick: importDocument }, "Import")),
    report,
  );
}

/** @param {ImportReport} outcome */
function importReport(outcome) {
  const line = (/** @type {string} */ label, /** @type {ImportOutcome} */ names) =>
    h(
      "li",
      null,
      `${label}: created ${nameList(names.created)}; updated ${nameList(names.updated)}; unchanged ${nameList(names.unchanged)}`,
    );
  return h(
    "div",
    { class: "success" },
    h("p", null, `${outcome.dryRun ? "Dry run (nothing written)" : "Imported"} — format ${outcome.format}.`),
    h("ul", null, line("Gateways", outcome.gateways), line("SMTP servers", outcome.smtpServers)),
  );
}
