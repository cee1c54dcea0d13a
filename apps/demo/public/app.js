/**
 * The smskit demo's web UI: sign in with the admin token, gateways (list, forms generated from
 * the provider's JSON Schema, send a test message), routes, the provider catalogue, the sandbox
 * inbox, SMTP servers, import and export. Plain browser ES modules, no framework; hash routes.
 */
import { ApiError, api, forgetToken, segment, storedToken, storeToken } from "./api.js";
import { bulkView } from "./bulk-view.js";
import { fieldId, h, replaceChildren } from "./dom.js";
import { createEncodingPreview } from "./encoding-preview.js";
import { messagesView } from "./messages-view.js";
import { createPolicyFields } from "./policy-fields.js";
import { routeFormView } from "./route-form.js";
import { routesView } from "./routes-view.js";
import { createPairsEditor, createSchemaFields } from "./schema-form.js";
import { attemptsList, breakerBadge } from "./send-attempts.js";

const main = /** @type {HTMLElement} */ (document.getElementById("main"));
const nav = /** @type {HTMLElement} */ (document.getElementById("nav"));
const toast = /** @type {HTMLElement} */ (document.getElementById("toast"));

/** @type {(() => void)[]} things to stop when the page changes (polling) */
let cleanups = [];
/** @type {Promise<any[]> | undefined} */
let providersLoaded;

/** The providers, loaded once per sign-in. */
function providers() {
  providersLoaded ??= api("GET", "/api/providers").catch((error) => {
    providersLoaded = undefined;
    throw error;
  });
  return providersLoaded;
}

const routes = [
  { pattern: /^#\/gateways\/new(?:\?provider=([^&]*))?$/, view: newGatewayView, nav: "#/gateways" },
  { pattern: /^#\/gateways\/([^/?]+)\/edit$/, view: editGatewayView, nav: "#/gateways" },
  { pattern: /^#\/gateways$/, view: gatewaysView, nav: "#/gateways" },
  { pattern: /^#\/routes\/new$/, view: () => routeFormView(main, routeTools, undefined), nav: "#/routes" },
  {
    pattern: /^#\/routes\/([^/?]+)\/edit$/,
    view: (/** @type {string | undefined} */ name) => routeFormView(main, routeTools, name),
    nav: "#/routes",
  },
  { pattern: /^#\/routes$/, view: () => routesView(main, routeTools), nav: "#/routes" },
  { pattern: /^#\/providers$/, view: providersView, nav: "#/providers" },
  {
    pattern: /^#\/messages$/,
    view: () => messagesView(main, (cleanup) => cleanups.push(cleanup)),
    nav: "#/messages",
  },
  { pattern: /^#\/inbox$/, view: inboxView, nav: "#/inbox" },
  { pattern: /^#\/bulk$/, view: () => bulkView(main, { errorText }), nav: "#/bulk" },
  { pattern: /^#\/smtp-servers$/, view: smtpServersView, nav: "#/smtp-servers" },
  { pattern: /^#\/transfer$/, view: transferView, nav: "#/transfer" },
];

/** What the Routes page uses of the app: a route is sent to like an SMS gateway. */
const routeTools = {
  say,
  errorText,
  sendTo: (/** @type {{ name: string }} */ route) => openSendDialog(route, { kind: "sms" }),
};

window.addEventListener("hashchange", () => render());
window.addEventListener("smskit:unauthorized", () => {
  forgetToken();
  providersLoaded = undefined;
  render("The admin token was refused; sign in again.");
});
document.getElementById("sign-out")?.addEventListener("click", () => {
  forgetToken();
  providersLoaded = undefined;
  location.hash = "#/gateways";
  render("Signed out.");
});

takeTokenFromAddress();
render();

/** `main.ts` prints a link with `#token=…`: sign in with it and remove it from the address bar. */
function takeTokenFromAddress() {
  const match = /^#token=([^&]+)$/.exec(location.hash);
  if (!match?.[1]) return;
  storeToken(decodeURIComponent(match[1]));
  history.replaceState(null, "", `${location.pathname}#/gateways`);
}

/**
 * Show the page the address names (or the sign-in form).
 * @param {string} [notice]
 */
async function render(notice) {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
  if (!storedToken()) {
    nav.hidden = true;
    signInView(notice);
    return;
  }
  nav.hidden = false;
  if (!routes.some((route) => route.pattern.test(location.hash))) {
    history.replaceState(null, "", `${location.pathname}#/gateways`);
  }
  const route = routes.find((candidate) => candidate.pattern.test(location.hash)) ?? routes[2];
  for (const link of nav.querySelectorAll("a")) {
    if (link.getAttribute("href") === route.nav) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const match = route.pattern.exec(location.hash) ?? [];
  const argument = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
  replaceChildren(main, h("p", { class: "loading" }, "Loading…"));
  try {
    await route.view(argument);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    replaceChildren(
      main,
      h("h1", { tabindex: "-1" }, "Something went wrong"),
      h("p", { class: "error", role: "alert" }, errorText(error)),
    );
  }
  const heading = main.querySelector("h1");
  if (heading instanceof HTMLElement && document.activeElement === document.body) heading.focus();
}

/** @param {string} [notice] */
function signInView(notice) {
  const input = /** @type {HTMLInputElement} */ (
    h("input", {
      id: "token",
      type: "password",
      autocomplete: "current-password",
      required: true,
      "aria-describedby": "token-help",
    })
  );
  const message = h("p", { class: "error", role: "alert", id: "sign-in-error" });
  const form = h(
    "form",
    {
      class: "panel narrow",
      novalidate: true,
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        const token = input.value.trim();
        if (token === "") {
          message.textContent = "Enter the admin token.";
          input.focus();
          return;
        }
        try {
          await api("GET", "/api/providers", undefined, token);
          storeToken(token);
          if (!/^#\/./.test(location.hash)) history.replaceState(null, "", `${location.pathname}#/gateways`);
          render();
        } catch (error) {
          message.textContent =
            error instanceof ApiError && error.status === 401
              ? "That token is not the admin token."
              : errorText(error);
          input.focus();
        }
      },
    },
    h("div", { class: "field" }, h("label", { for: "token" }, "Admin token"), input),
    h(
      "p",
      { class: "help", id: "token-help" },
      "The value of SMSKIT_ADMIN_TOKEN, or the token the app printed when it started for the first time.",
    ),
    message,
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Sign in")),
  );
  replaceChildren(
    main,
    h("h1", { tabindex: "-1" }, "Sign in"),
    notice ? h("p", { class: "notice", role: "status" }, notice) : null,
    form,
  );
  input.focus();
}

// ——— Gateways ———

async function gatewaysView() {
  const [gateways, catalogue] = await Promise.all([api("GET", "/api/gateways"), providers()]);
  const byId = new Map(catalogue.map((provider) => [provider.id, provider]));
  const sandbox =
    gateways.find((/** @type {any} */ gateway) => gateway.name === "sandbox" && isSandboxGateway(gateway)) ??
    gateways.find((/** @type {any} */ gateway) => isSandboxGateway(gateway));
  replaceChildren(
    main,
    h(
      "div",
      { class: "page-head" },
      h("h1", { tabindex: "-1" }, "Gateways"),
      h("a", { class: "button", href: "#/gateways/new" }, "New gateway"),
    ),
    sandbox
      ? h(
          "p",
          { class: "notice" },
          `Try it without any account: press “Send test” on the gateway “${sandbox.name}”; it delivers into this app's own `,
          h("a", { href: "#/inbox" }, "sandbox inbox"),
          ".",
        )
      : null,
    gateways.length === 0
      ? h("p", { class: "empty" }, "No gateways yet. Create one from a provider's form.")
      : h(
          "ul",
          { class: "cards", "aria-label": "Gateways" },
          gateways.map((/** @type {any} */ gateway) => gatewayCard(gateway, byId.get(gateway.provider))),
        ),
  );
}

/**
 * @param {any} gateway
 * @param {any} provider
 */
function gatewayCard(gateway, provider) {
  const headingId = fieldId("gateway", gateway.name);
  return h(
    "li",
    { class: "card", "aria-labelledby": headingId },
    h("h2", { id: headingId }, gateway.name),
    h(
      "p",
      { class: "meta" },
      h("span", { class: "badge" }, provider?.displayName ?? `${gateway.provider} (not installed)`),
      gateway.policies?.breaker ? breakerBadge((path) => api("GET", path), gateway.name) : null,
      ` revision ${gateway.revision}`,
    ),
    policiesText(gateway.policies) ? h("p", { class: "meta" }, policiesText(gateway.policies)) : null,
    gateway.description ? h("p", null, gateway.description) : null,
    gateway.receiptUrl
      ? h(
          "p",
          { class: "meta receipt-url" },
          "Status callback URL (paste it into the vendor's console): ",
          h("code", null, gateway.receiptUrl),
        )
      : null,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          type: "button",
          disabled: !provider,
          "aria-label": `Send a test message through ${gateway.name}`,
          onclick: () => openSendDialog(gateway, provider),
        },
        "Send test",
      ),
      h(
        "a",
        {
          class: "button secondary",
          href: `#/gateways/${segment(gateway.name)}/edit`,
          "aria-label": `Edit ${gateway.name}`,
        },
        "Edit",
      ),
      h(
        "button",
        {
          type: "button",
          class: "danger",
          "aria-label": `Delete ${gateway.name}`,
          onclick: async () => {
            if (!confirm(`Delete the gateway “${gateway.name}”?`)) return;
            try {
              await api("DELETE", `/api/gateways/${segment(gateway.name)}`);
              say(`Deleted the gateway “${gateway.name}”.`);
              render();
            } catch (error) {
              say(errorText(error));
            }
          },
        },
        "Delete",
      ),
    ),
  );
}

/** @param {string | undefined} providerId */
async function newGatewayView(providerId) {
  await gatewayFormView(undefined, providerId);
}

/** @param {string | undefined} name */
async function editGatewayView(name) {
  await gatewayFormView(name, undefined);
}

/**
 * The create/edit form. Everything about the provider's parameters comes from its JSON Schema.
 * @param {string | undefined} name
 * @param {string | undefined} providerId
 */
async function gatewayFormView(name, providerId) {
  const catalogue = await providers();
  /** @type {any} */
  const existing = name === undefined ? undefined : await api("GET", `/api/gateways/${segment(name)}`);
  const editing = existing !== undefined;
  const policyFields = createPolicyFields(existing?.policies);
  if (catalogue.length === 0) {
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
  let provider =
    catalogue.find((candidate) => candidate.id === (existing?.provider ?? providerId)) ??
    catalogue.find((candidate) => candidate.id === "http") ??
    catalogue[0];

  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const nameInput = /** @type {HTMLInputElement} */ (
    h("input", {
      id: "gateway-name",
      value: existing?.name ?? "",
      readonly: editing,
      required: true,
      "aria-required": "true",
      autocomplete: "off",
      spellcheck: "false",
      "aria-describedby": "gateway-name-help",
    })
  );
  const nameError = h("p", { class: "field-error", id: "gateway-name-error", hidden: true });
  const descriptionInput = /** @type {HTMLInputElement} */ (
    h("input", { id: "gateway-description", value: existing?.description ?? "", autocomplete: "off" })
  );
  const providerSelect = /** @type {HTMLSelectElement} */ (
    h(
      "select",
      { id: "gateway-provider", disabled: editing, "aria-describedby": "gateway-provider-help" },
      catalogue.map((candidate) =>
        h("option", { value: candidate.id }, `${candidate.displayName} (${candidate.id})`),
      ),
    )
  );
  providerSelect.value = provider.id;
  const providerHelp = h("p", { class: "help", id: "gateway-provider-help" });
  const providerPart = h("div", { class: "provider-part" });

  /** @type {ReturnType<typeof createSchemaFields>} */
  let fields;
  /** @type {ReturnType<typeof createPairsEditor> | undefined} */
  let optionsEditor;
  /** @type {ReturnType<typeof createPairsEditor> | undefined} */
  let headersEditor;

  const buildProviderPart = () => {
    const values = existing && existing.provider === provider.id ? existing : undefined;
    providerHelp.textContent = provider.description;
    fields = createSchemaFields({
      schema: provider.parameters,
      values: values?.parameters ?? {},
      idPrefix: "param",
    });
    optionsEditor = provider.optionsAllowed
      ? createPairsEditor({
          noun: "option",
          legend: "Options",
          help: "Free key/value options sent to the gateway; values may contain {phone} (the recipient) and {otp} (the message). Mark secrets: they are stored encrypted and never shown.",
          pairs: values?.options ?? {},
          secretKeys: values?.secretOptions ?? [],
          idPrefix: "option",
        })
      : undefined;
    headersEditor = provider.headersAllowed
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
      providerPart,
      presetPicker(provider, (preset) => {
        fields.apply(preset.parameters ?? {});
        optionsEditor?.apply(preset.options ?? {}, preset.secretOptions ?? []);
        headersEditor?.apply(preset.headers ?? {}, preset.secretHeaders ?? []);
        say(`Applied the preset “${preset.name}”; fill in what it leaves empty.`);
      }),
      h(
        "fieldset",
        { class: "parameters" },
        h("legend", null, `Parameters of the ${provider.displayName}`),
        h("p", { class: "help" }, "Fields marked * are required."),
        fields.element,
      ),
      optionsEditor?.element,
      headersEditor?.element,
    );
  };
  providerSelect.addEventListener("change", () => {
    provider = catalogue.find((candidate) => candidate.id === providerSelect.value) ?? provider;
    buildProviderPart();
  });
  buildProviderPart();

  const clearErrors = () => {
    summary.hidden = true;
    summary.replaceChildren();
    nameError.hidden = true;
    nameInput.removeAttribute("aria-invalid");
    nameInput.setAttribute("aria-describedby", "gateway-name-help");
    fields.clearErrors();
    optionsEditor?.clearErrors();
    headersEditor?.clearErrors();
  };

  /** @param {{ key: string, message: string }[]} issues */
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
        target = optionsEditor?.showError(issue.key.slice("options.".length), issue.message);
      } else if (issue.key.startsWith("headers.")) {
        target = headersEditor?.showError(issue.key.slice("headers.".length), issue.message);
      } else {
        const field = fields.field(issue.key);
        if (field) {
          field.setError(issue.message);
          target = field.focusTarget;
        }
      }
      if (target) first ??= target;
      else unplaced.push(issue);
    }
    const count = issues.length;
    replaceChildren(
      summary,
      h("h2", null, `The gateway was not saved: ${count} ${count === 1 ? "problem" : "problems"}`),
      h(
        "ul",
        null,
        issues.map((issue) => h("li", null, h("strong", null, issue.key), ` ${issue.message}`)),
      ),
      unplaced.length > 0 ? null : h("p", { class: "help" }, "Each problem is also shown at its field."),
    );
    summary.hidden = false;
    (first ?? summary).focus();
  };

  const form = h(
    "form",
    {
      class: "panel",
      novalidate: true,
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        clearErrors();
        const gatewayName = nameInput.value.trim();
        if (gatewayName === "") {
          showIssues([{ key: "name", message: "enter a name for the gateway" }]);
          return;
        }
        const options = optionsEditor?.read();
        const headers = headersEditor?.read();
        const body = {
          provider: provider.id,
          description: descriptionInput.value,
          parameters: fields.read(),
          options: options?.pairs ?? {},
          headers: headers?.pairs ?? {},
          secretOptions: options?.secretKeys ?? [],
          secretHeaders: headers?.secretKeys ?? [],
          policies: policyFields.read(),
          ...(editing ? { expectedRevision: existing.revision } : {}),
        };
        const submit = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));
        submit.disabled = true;
        try {
          if (!editing) {
            const taken = await api("GET", `/api/gateways/${segment(gatewayName)}`).catch(() => undefined);
            if (taken) {
              showIssues([
                {
                  key: "name",
                  message: `a gateway named '${gatewayName}' exists already; choose another name`,
                },
              ]);
              return;
            }
          }
          const saved = await api("PUT", `/api/gateways/${segment(gatewayName)}`, body);
          say(`Saved the gateway “${saved.name}” (revision ${saved.revision}).`);
          location.hash = "#/gateways";
        } catch (error) {
          if (error instanceof ApiError && error.issues.length > 0) showIssues(error.issues);
          else
            showIssues([
              { key: error instanceof ApiError ? error.code : "error", message: errorText(error) },
            ]);
        } finally {
          submit.disabled = false;
        }
      },
    },
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
      h("button", { type: "submit" }, editing ? "Save changes" : "Create gateway"),
      h("a", { class: "button secondary", href: "#/gateways" }, "Cancel"),
    ),
  );
  replaceChildren(
    main,
    h("h1", { tabindex: "-1" }, editing ? `Edit gateway “${existing.name}”` : "New gateway"),
    form,
  );
}

/**
 * A select of the provider's presets and a button that fills the form from the chosen one.
 * @param {any} provider
 * @param {(preset: any) => void} apply
 */
function presetPicker(provider, apply) {
  if (!provider.presets?.length) return null;
  const select = /** @type {HTMLSelectElement} */ (
    h(
      "select",
      { id: "preset", "aria-describedby": "preset-help" },
      h("option", { value: "" }, "(none)"),
      provider.presets.map((/** @type {any} */ preset) => h("option", { value: preset.name }, preset.name)),
    )
  );
  const help = h("p", { class: "help", id: "preset-help" }, "Fill the form from a known gateway's settings.");
  select.addEventListener("change", () => {
    const preset = provider.presets.find((/** @type {any} */ candidate) => candidate.name === select.value);
    help.textContent = preset?.description ?? "Fill the form from a known gateway's settings.";
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
              const preset = provider.presets.find(
                (/** @type {any} */ candidate) => candidate.name === select.value,
              );
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

/**
 * The "send test message" dialog.
 * @param {any} gateway
 * @param {any} provider
 */
function openSendDialog(gateway, provider) {
  const push = provider.kind === "push";
  const toInput = /** @type {HTMLInputElement} */ (
    h("input", {
      id: "send-to",
      required: true,
      autocomplete: "off",
      value: isSandboxGateway(gateway) ? "+4917612345678" : "",
      placeholder: push ? "the device's registration token" : "e.g. +49 176 12345678",
    })
  );
  const messageInput = /** @type {HTMLTextAreaElement} */ (
    h("textarea", { id: "send-message", rows: 3, value: "Hello from smskit 👋" })
  );
  const titleInput = /** @type {HTMLInputElement} */ (h("input", { id: "send-title", autocomplete: "off" }));
  const dataEditor = push
    ? createPairsEditor({
        noun: "data field",
        legend: "Data",
        help: "Key/value data delivered with the push message.",
        idPrefix: "send-data",
      })
    : undefined;
  const result = h("div", { class: "send-result", role: "status", "aria-live": "polite" });
  const sendButton = /** @type {HTMLButtonElement} */ (h("button", { type: "submit" }, "Send"));
  const dialog = /** @type {HTMLDialogElement} */ (
    h(
      "dialog",
      { class: "send-dialog", "aria-labelledby": "send-heading" },
      h(
        "form",
        {
          novalidate: true,
          onsubmit: async (/** @type {SubmitEvent} */ event) => {
            event.preventDefault();
            if (toInput.value.trim() === "") {
              replaceChildren(result, h("p", { class: "error" }, "Enter a recipient."));
              toInput.focus();
              return;
            }
            sendButton.disabled = true;
            replaceChildren(result, h("p", null, "Sending…"));
            try {
              const sent = await api("POST", `/api/gateways/${segment(gateway.name)}/send`, {
                to: toInput.value.trim(),
                message: messageInput.value,
                ...(push && titleInput.value !== "" ? { title: titleInput.value } : {}),
                ...(dataEditor ? { data: dataEditor.read().pairs } : {}),
              });
              replaceChildren(
                result,
                h(
                  "p",
                  { class: "success" },
                  `Sent to ${sent.to} through ${sent.gateway} (${sent.provider}) in ${Math.round(sent.durationMs)} ms`,
                  sent.messageId ? `, message id ${sent.messageId}` : "",
                  sent.route ? ` (route ${sent.route})` : "",
                  ".",
                ),
                attemptsList(sent.attempts),
                isSandboxGateway(gateway)
                  ? h(
                      "p",
                      null,
                      h("a", { href: "#/inbox", onclick: () => dialog.close() }, "Open the sandbox inbox"),
                    )
                  : null,
              );
            } catch (error) {
              replaceChildren(
                result,
                h(
                  "div",
                  { class: "error" },
                  h(
                    "p",
                    null,
                    h("strong", null, error instanceof ApiError ? error.code : "Error"),
                    ` ${errorText(error)}`,
                  ),
                  error instanceof ApiError && error.status === 502
                    ? h(
                        "p",
                        null,
                        error.body.deliveryUnknown
                          ? "It is not known whether the gateway accepted the message."
                          : error.body.retrySafe
                            ? "Nothing reached the gateway; sending again is safe."
                            : "The gateway may have received the message; check before sending again.",
                      )
                    : null,
                  error instanceof ApiError ? attemptsList(error.body.attempts) : null,
                ),
              );
            } finally {
              sendButton.disabled = false;
            }
          },
        },
        h("h2", { id: "send-heading" }, `Send a test message through “${gateway.name}”`),
        h(
          "div",
          { class: "field" },
          h("label", { for: "send-to" }, push ? "Device token" : "Phone number"),
          toInput,
        ),
        push ? h("div", { class: "field" }, h("label", { for: "send-title" }, "Title"), titleInput) : null,
        h(
          "div",
          { class: "field" },
          h("label", { for: "send-message" }, push ? "Body" : "Message"),
          messageInput,
          push ? null : createEncodingPreview(messageInput),
        ),
        dataEditor?.element,
        result,
        h(
          "div",
          { class: "actions" },
          sendButton,
          h("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, "Close"),
        ),
      ),
    )
  );
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  toInput.focus();
}

// ——— Providers ———

async function providersView() {
  const catalogue = await providers();
  replaceChildren(
    main,
    h("h1", { tabindex: "-1" }, "Providers"),
    h(
      "p",
      { class: "lead" },
      "Discovered from the dependencies in the app's package.json: install a provider package and restart, and it appears here; remove it, and it is gone.",
    ),
    h(
      "ul",
      { class: "cards", "aria-label": "Providers" },
      catalogue.map((/** @type {any} */ provider) => providerCard(provider)),
    ),
  );
}

/** @param {any} provider */
function providerCard(provider) {
  const properties = Object.entries(provider.parameters.properties ?? {});
  const required = new Set(provider.parameters.required ?? []);
  const headingId = `provider-${provider.id}`;
  return h(
    "li",
    { class: "card", "aria-labelledby": headingId },
    h("h2", { id: headingId }, provider.displayName),
    h(
      "p",
      { class: "meta" },
      h("span", { class: "badge" }, provider.id),
      h("span", { class: "badge muted" }, provider.kind),
      provider.package ? ` ${provider.package}@${provider.version ?? "?"}` : "",
    ),
    h("p", null, provider.description),
    h(
      "details",
      null,
      h("summary", null, `Parameters (${properties.length})`),
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          null,
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              h("th", { scope: "col" }, "Name"),
              h("th", { scope: "col" }, "Type"),
              h("th", { scope: "col" }, "Description"),
            ),
          ),
          h(
            "tbody",
            null,
            properties.map(([name, property]) =>
              h(
                "tr",
                null,
                h("th", { scope: "row" }, name, required.has(name) ? " *" : ""),
                h("td", null, typeName(/** @type {any} */ (property))),
                h("td", null, /** @type {any} */ (property).description ?? ""),
              ),
            ),
          ),
        ),
      ),
      h(
        "p",
        { class: "help" },
        `* required. Options: ${provider.optionsAllowed ? "yes" : "no"}. Headers: ${provider.headersAllowed ? "yes" : "no"}.`,
      ),
    ),
    provider.presets.length > 0
      ? h(
          "p",
          { class: "help" },
          `Presets: ${provider.presets.map((/** @type {any} */ preset) => preset.name).join(", ")}`,
        )
      : null,
    h(
      "div",
      { class: "actions" },
      h(
        "a",
        { class: "button", href: `#/gateways/new?provider=${segment(provider.id)}` },
        `New ${provider.displayName}`,
      ),
    ),
  );
}

/** @param {any} property */
function typeName(property) {
  if (Array.isArray(property.enum)) return `one of ${property.enum.join(", ")}`;
  if (property.writeOnly) return "secret";
  if (property.anyOf) return property.anyOf.map((/** @type {any} */ entry) => entry.type).join(" or ");
  return [property.type, property.format].filter(Boolean).join(", ");
}

// ——— Sandbox inbox ———

async function inboxView() {
  const list = h("ol", { class: "inbox", "aria-label": "Received messages", reversed: true });
  const count = h("p", { class: "help", role: "status", "aria-live": "polite" });
  let seen = "";
  const refresh = async () => {
    const messages = await api("GET", "/api/sandbox/messages");
    const marker = messages.map((/** @type {any} */ message) => message.id).join(",");
    if (marker === seen) return;
    seen = marker;
    count.textContent =
      messages.length === 0
        ? "No messages yet."
        : `${messages.length} ${messages.length === 1 ? "message" : "messages"}, newest first.`;
    replaceChildren(
      list,
      messages.map((/** @type {any} */ message) => inboxItem(message)),
    );
  };
  await refresh();
  const timer = setInterval(() => refresh().catch(() => undefined), 2000);
  cleanups.push(() => clearInterval(timer));
  const sandboxUrl = new URL("/sandbox/sms", location.href).href;
  replaceChildren(
    main,
    h(
      "div",
      { class: "page-head" },
      h("h1", { tabindex: "-1" }, "Sandbox inbox"),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          { type: "button", class: "secondary", onclick: () => refresh().catch(() => undefined) },
          "Refresh",
        ),
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            onclick: async () => {
              await api("DELETE", "/api/sandbox/messages");
              await refresh();
              say("Emptied the sandbox inbox.");
            },
          },
          "Empty inbox",
        ),
      ),
    ),
    h(
      "p",
      { class: "lead" },
      "What this app's sandbox endpoint ",
      h("code", null, sandboxUrl),
      " received, the last 50 (at most 64 KiB each), kept in memory. Only the sandbox gateway delivers here: it carries the secret header X-Sandbox-Token this app gives it at each start. Edit that gateway (GET or POST, query, form or JSON) to see exactly what it sends.",
    ),
    count,
    list,
  );
}

/** @param {any} message */
function inboxItem(message) {
  return h(
    "li",
    { class: "message card" },
    h(
      "p",
      { class: "meta" },
      h("strong", null, message.to ? `To ${message.to}` : "No recipient field"),
      " · ",
      h("time", { datetime: message.receivedAt }, new Date(message.receivedAt).toLocaleString()),
      ` · ${message.method}`,
      message.contentType ? ` · ${message.contentType}` : "",
    ),
    message.text === undefined
      ? h("p", { class: "help" }, "No text field (text, message, body or msg) arrived; see all fields.")
      : h("p", { class: "message-text" }, message.text),
    h(
      "details",
      null,
      h("summary", null, "All fields"),
      h("pre", null, JSON.stringify(message.fields, null, 2)),
    ),
  );
}

// ——— SMTP servers ———

async function smtpServersView() {
  const [servers, schema] = await Promise.all([
    api("GET", "/api/smtp-servers"),
    api("GET", "/api/schemas/smtp-server"),
  ]);
  const formArea = h("div", { class: "smtp-form-area" });
  const showForm = (/** @type {any} */ existing) => {
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
          servers.map((/** @type {any} */ server) =>
            h(
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
                  {
                    type: "button",
                    class: "secondary",
                    "aria-label": `Edit ${server.name}`,
                    onclick: () => showForm(server),
                  },
                  "Edit",
                ),
                h(
                  "button",
                  {
                    type: "button",
                    class: "danger",
                    "aria-label": `Delete ${server.name}`,
                    onclick: async () => {
                      if (!confirm(`Delete the SMTP server “${server.name}”?`)) return;
                      try {
                        await api("DELETE", `/api/smtp-servers/${segment(server.name)}`);
                        say(`Deleted the SMTP server “${server.name}”.`);
                        render();
                      } catch (error) {
                        say(errorText(error));
                      }
                    },
                  },
                  "Delete",
                ),
              ),
            ),
          ),
        ),
    formArea,
  );
}

/**
 * @param {any} schema
 * @param {any} existing
 */
function smtpServerForm(schema, existing) {
  const editing = existing !== undefined;
  const nameInput = /** @type {HTMLInputElement} */ (
    h("input", {
      id: "smtp-name",
      value: existing?.name ?? "",
      readonly: editing,
      autocomplete: "off",
      required: true,
      "aria-required": "true",
      "aria-describedby": "smtp-name-error",
    })
  );
  const nameError = h("p", { class: "field-error", id: "smtp-name-error", hidden: true });
  const fields = createSchemaFields({ schema, values: existing ?? {}, idPrefix: "smtp" });
  const summary = h("div", { class: "error-summary", role: "alert", tabindex: "-1", hidden: true });
  const form = h(
    "form",
    {
      class: "panel",
      novalidate: true,
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        fields.clearErrors();
        nameError.hidden = true;
        summary.hidden = true;
        nameInput.removeAttribute("aria-invalid");
        const name = nameInput.value.trim();
        if (name === "") {
          nameError.textContent = "enter a name for the SMTP server";
          nameError.hidden = false;
          nameInput.setAttribute("aria-invalid", "true");
          nameInput.focus();
          return;
        }
        const values = fields.read();
        for (const key of ["revision", "updatedAt", "name"]) delete values[key];
        try {
          const saved = await api("PUT", `/api/smtp-servers/${segment(name || "-")}`, {
            ...values,
            ...(editing ? { expectedRevision: existing.revision } : {}),
          });
          say(`Saved the SMTP server “${saved.name}”.`);
          render();
        } catch (error) {
          const issues =
            error instanceof ApiError && error.issues.length > 0
              ? error.issues
              : [{ key: "error", message: errorText(error) }];
          /** @type {HTMLElement | undefined} */
          let first;
          for (const issue of issues) {
            if (issue.key === "name") {
              nameError.textContent = issue.message;
              nameError.hidden = false;
              nameInput.setAttribute("aria-invalid", "true");
              first ??= nameInput;
            } else {
              const field = fields.field(issue.key);
              field?.setError(issue.message);
              if (field) first ??= field.focusTarget;
            }
          }
          replaceChildren(
            summary,
            h("h2", null, "The SMTP server was not saved"),
            h(
              "ul",
              null,
              issues.map((issue) => h("li", null, h("strong", null, issue.key), ` ${issue.message}`)),
            ),
          );
          summary.hidden = false;
          (first ?? summary).focus();
        }
      },
    },
    h("h2", null, editing ? `Edit SMTP server “${existing.name}”` : "New SMTP server"),
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

// ——— Import / export ———

async function transferView() {
  const censorBox = /** @type {HTMLInputElement} */ (
    h("input", { type: "checkbox", id: "export-censor", checked: true })
  );
  const documentInput = /** @type {HTMLTextAreaElement} */ (
    h("textarea", {
      id: "import-document",
      rows: 8,
      spellcheck: "false",
      "aria-describedby": "import-help",
      placeholder: '{"smskit": 1, "gateways": {…}, "smtpServers": {…}}',
    })
  );
  const fileInput = /** @type {HTMLInputElement} */ (
    h("input", {
      type: "file",
      id: "import-file",
      accept: "application/json,.json",
      onchange: async () => {
        const file = fileInput.files?.[0];
        if (file) documentInput.value = await file.text();
      },
    })
  );
  const dryRunBox = /** @type {HTMLInputElement} */ (
    h("input", { type: "checkbox", id: "import-dry-run", checked: true })
  );
  const report = h("div", { class: "import-report", role: "status", "aria-live": "polite" });
  replaceChildren(
    main,
    h("h1", { tabindex: "-1" }, "Import and export"),
    h(
      "section",
      { class: "panel", "aria-labelledby": "export-heading" },
      h("h2", { id: "export-heading" }, "Export"),
      h("p", null, "Every gateway and SMTP server as one JSON document."),
      h(
        "div",
        { class: "check" },
        censorBox,
        h("label", { for: "export-censor" }, "Censor secrets (__CENSORED__)"),
      ),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            onclick: async () => {
              const exported = await api("GET", `/api/export${censorBox.checked ? "?censor=1" : ""}`);
              const url = URL.createObjectURL(
                new Blob([`${JSON.stringify(exported, null, 2)}\n`], { type: "application/json" }),
              );
              const link = h("a", { href: url, download: "smskit-export.json", hidden: true });
              document.body.append(link);
              link.click();
              link.remove();
              setTimeout(() => URL.revokeObjectURL(url), 1000);
            },
          },
          "Download export",
        ),
      ),
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "import-heading" },
      h("h2", { id: "import-heading" }, "Import"),
      h(
        "p",
        { class: "help", id: "import-help" },
        "smskit's export, or privacyIDEA's gateway or configuration export. Validated as a whole: one problem refuses everything. A secret given as __CENSORED__ keeps the stored value.",
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
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            onclick: async () => {
              let parsed;
              try {
                parsed = JSON.parse(documentInput.value);
              } catch (error) {
                replaceChildren(report, h("p", { class: "error" }, `Not JSON: ${errorText(error)}`));
                return;
              }
              try {
                const outcome = await api("POST", "/api/import", {
                  document: parsed,
                  dryRun: dryRunBox.checked,
                });
                replaceChildren(report, importReport(outcome));
                providersLoaded = undefined;
              } catch (error) {
                replaceChildren(
                  report,
                  h("p", { class: "error" }, errorText(error)),
                  error instanceof ApiError && error.issues.length > 0
                    ? h(
                        "ul",
                        { class: "error" },
                        error.issues.map((issue) =>
                          h("li", null, h("strong", null, issue.key), ` ${issue.message}`),
                        ),
                      )
                    : null,
                );
              }
            },
          },
          "Import",
        ),
      ),
      report,
    ),
  );
}

/** @param {any} outcome */
function importReport(outcome) {
  const line = (/** @type {string} */ label, /** @type {any} */ names) =>
    h(
      "li",
      null,
      `${label}: created ${list(names.created)}; updated ${list(names.updated)}; unchanged ${list(names.unchanged)}`,
    );
  return h(
    "div",
    { class: "success" },
    h("p", null, `${outcome.dryRun ? "Dry run (nothing written)" : "Imported"} — format ${outcome.format}.`),
    h("ul", null, line("Gateways", outcome.gateways), line("SMTP servers", outcome.smtpServers)),
  );
}

// ——— helpers ———

/** @param {string[]} names */
function list(names) {
  return names.length === 0 ? "none" : names.join(", ");
}

/** The sandbox gateway, or any HTTP gateway aimed at this app's sandbox endpoint. @param {any} gateway */
function isSandboxGateway(gateway) {
  const url = gateway.parameters?.URL;
  if (gateway.provider !== "http" || typeof url !== "string") return false;
  try {
    return new URL(url).pathname === "/sandbox/sms";
  } catch {
    return false;
  }
}

/**
 * A gateway's policies in words, or "" when it has none.
 * @param {{ rateLimit?: number, retries?: number, breaker?: { failures: number, windowSeconds: number, cooldownSeconds: number } } | undefined} policies
 */
function policiesText(policies) {
  const parts = [];
  if (policies?.rateLimit) parts.push(`at most ${policies.rateLimit}/s`);
  if (policies?.retries) parts.push(`${policies.retries} retries`);
  const breaker = policies?.breaker;
  if (breaker) parts.push(`breaker ${breaker.failures}/${breaker.windowSeconds}/${breaker.cooldownSeconds}`);
  return parts.join(", ");
}

/** @param {unknown} error */
function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Announce something in the status region (and show it briefly).
 * @param {string} text
 */
function say(text) {
  toast.textContent = text;
  toast.classList.add("visible");
  clearTimeout(Number(toast.dataset.timer));
  toast.dataset.timer = String(setTimeout(() => toast.classList.remove("visible"), 5000));
}
