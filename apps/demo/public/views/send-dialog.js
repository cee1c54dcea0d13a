/**
 * The "send a test message" dialog of a gateway or a route: recipient, text (with the encoding
 * preview) or a push message's title and data, and what came of the send, attempts included.
 */
import { createEncodingPreview } from "../components/encoding-preview.js";
import { attemptsList } from "../components/send-attempts.js";
import { createPairsEditor } from "../fields/pairs-editor.js";
import { ApiError } from "../shared/api.js";
import { gateways } from "../shared/client.js";
import { showDialog } from "../shared/dialog.js";
import { h, replaceChildren } from "../shared/dom.js";
import { errorText } from "../shared/page.js";

/**
 * @param {{ name: string, sandbox?: boolean }} target a gateway (`sandbox` when it delivers into the inbox) or a route
 * @param {"sms" | "push"} kind what its provider sends
 */
export function openSendDialog(target, kind) {
  const push = kind === "push";
  const toInput = h("input", {
    id: "send-to",
    required: true,
    autocomplete: "off",
    value: target.sandbox ? "+4917612345678" : "",
    placeholder: push ? "the device's registration token" : "e.g. +49 176 12345678",
  });
  const messageInput = h("textarea", { id: "send-message", rows: 3, value: "Hello from smskit 👋" });
  const titleInput = h("input", { id: "send-title", autocomplete: "off" });
  const dataEditor = push
    ? createPairsEditor({
        noun: "data field",
        legend: "Data",
        help: "Key/value data delivered with the push message.",
        idPrefix: "send-data",
      })
    : undefined;
  const result = h("div", { class: "send-result", role: "status", "aria-live": "polite" });
  const sendButton = h("button", { type: "submit" }, "Send");
  const send = async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    if (toInput.value.trim() === "") {
      replaceChildren(result, h("p", { class: "error" }, "Enter a recipient."));
      toInput.focus();
      return;
    }
    sendButton.disabled = true;
    replaceChildren(result, h("p", null, "Sending…"));
    try {
      const sent = await gateways.send(target.name, {
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
        target.sandbox
          ? h("p", null, h("a", { href: "#/inbox", onclick: () => dialog.close() }, "Open the sandbox inbox"))
          : null,
      );
    } catch (error) {
      replaceChildren(result, failure(error));
    } finally {
      sendButton.disabled = false;
    }
  };
  const dialog = h(
    "dialog",
    { class: "send-dialog", "aria-labelledby": "send-heading" },
    h(
      "form",
      { novalidate: true, onsubmit: send },
      h("h2", { id: "send-heading" }, `Send a test message through “${target.name}”`),
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
  );
  showDialog(dialog);
  toInput.focus();
}

/**
 * The "Send test" button of a gateway's or a route's card.
 * @param {{ name: string, sandbox?: boolean }} target
 * @param {"sms" | "push"} kind
 * @param {boolean} [disabled] true when the gateway's provider is not installed
 */
export function sendTestButton(target, kind, disabled = false) {
  return h(
    "button",
    {
      type: "button",
      disabled,
      "aria-label": `Send a test message through ${target.name}`,
      onclick: () => openSendDialog(target, kind),
    },
    "Send test",
  );
}

/**
 * What a failed send says: the code and message, what it means for sending again (a failed
 * delivery), and the attempts.
 * @param {unknown} error
 */
function failure(error) {
  const api = error instanceof ApiError ? error : undefined;
  return h(
    "div",
    { class: "error" },
    h("p", null, h("strong", null, api ? api.code : "Error"), ` ${errorText(error)}`),
    api?.status === 502
      ? h(
          "p",
          null,
          api.body.deliveryUnknown
            ? "It is not known whether the gateway accepted the message."
            : api.body.retrySafe
              ? "Nothing reached the gateway; sending again is safe."
              : "The gateway may have received the message; check before sending again.",
        )
      : null,
    api ? attemptsList(api.body.attempts) : null,
  );
}
