/** The Sandbox inbox: what the app's own sandbox endpoint received, refreshed every 2 seconds. */
import { sandboxPath } from "../server-facts.js";
import { sandboxInbox } from "../shared/client.js";
import { h, replaceChildren } from "../shared/dom.js";
import { counted } from "../shared/format.js";
import { main, onLeave, say } from "../shared/page.js";

/** @typedef {import("../shared/api-types.js").SandboxMessage} SandboxMessage */

export async function inboxView() {
  const list = h("ol", { class: "inbox", "aria-label": "Received messages", reversed: true });
  const count = h("p", { class: "help", role: "status", "aria-live": "polite" });
  let seen = "";
  const refresh = async () => {
    const messages = await sandboxInbox.list();
    const marker = messages.map((message) => message.id).join(",");
    if (marker === seen) return;
    seen = marker;
    count.textContent =
      messages.length === 0 ? "No messages yet." : `${counted(messages.length, "message")}, newest first.`;
    replaceChildren(
      list,
      messages.map((message) => inboxItem(message)),
    );
  };
  await refresh();
  const timer = setInterval(() => refresh().catch(() => undefined), 2000);
  onLeave(() => clearInterval(timer));
  const sandboxUrl = new URL(sandboxPath, location.href).href;
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
              await sandboxInbox.clear();
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

/** @param {SandboxMessage} message */
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
