/**
 * The Messages page: the message log, newest first, each message with its timeline (every status
 * change and receipt), updated live from the server's event stream of status changes.
 */
import { fetchWithToken } from "../shared/api.js";
import { messages as messageApi } from "../shared/client.js";
import { h, replaceChildren } from "../shared/dom.js";
import { readEvents } from "../shared/event-stream.js";
import { main, onLeave } from "../shared/page.js";

/**
 * @typedef {import("../shared/api-types.js").MessageView} MessageView
 * @typedef {import("../shared/api-types.js").StatusEvent} StatusEvent
 */

/** The list of messages; stays current while it is shown. */
export async function messagesView() {
  const messages = await messageApi.list(50);
  const list = h("ol", { class: "cards", "aria-label": "Messages" });
  const empty = h("p", { class: "empty" }, "No messages yet. Send one from the Gateways page.");
  /** @type {Map<string, HTMLElement>} */
  const cards = new Map();
  const show = (/** @type {MessageView} */ message) => {
    const card = messageCard(message);
    const existing = cards.get(message.id);
    if (existing) existing.replaceWith(card);
    else list.prepend(card);
    cards.set(message.id, card);
    empty.hidden = true;
  };
  for (const message of [...messages].reverse()) show(message);
  empty.hidden = messages.length > 0;
  replaceChildren(
    main,
    h("div", { class: "page-head" }, h("h1", { tabindex: "-1" }, "Messages")),
    h(
      "p",
      { class: "help" },
      "Every send and what became of it: submitted when the gateway took it, then what delivery receipts and status callbacks report. Texts are never kept; recipients are masked.",
    ),
    h("p", { class: "meta", id: "live-state", role: "status" }, "Connecting to live updates…"),
    empty,
    list,
  );
  const controller = new AbortController();
  onLeave(() => controller.abort());
  followStatusChanges(controller.signal, async (event) => {
    try {
      show(await messageApi.get(event.id));
    } catch {
      // Pruned or gone meanwhile: nothing to show.
    }
  }).catch(() => {});
}

/** @param {MessageView} message */
function messageCard(message) {
  const headingId = `message-${message.id}`;
  return h(
    "li",
    { class: "card", "aria-labelledby": headingId, "data-message": message.id },
    h(
      "h2",
      { id: headingId },
      `${message.to ?? "(recipient not kept)"} via ${message.gateway ?? message.target}`,
    ),
    h(
      "p",
      { class: "meta" },
      h("span", { class: `badge status-${message.status}`, "data-status": message.status }, message.status),
      ` ${message.id}`,
      message.messageIds.length > 0 ? ` · gateway id ${message.messageIds.join(", ")}` : "",
      message.errorCode ? ` · ${message.errorCode}` : "",
    ),
    h(
      "ol",
      { class: "timeline", "aria-label": `Timeline of ${message.id}` },
      message.history.map((change) =>
        h(
          "li",
          { class: change.ignored ? "ignored" : "" },
          h("time", { datetime: change.at }, new Date(change.at).toLocaleTimeString()),
          ` ${change.status} `,
          h(
            "span",
            { class: "muted" },
            `(${change.source}${change.part ? `, part ${change.part}` : ""}${change.ignored ? ", no change" : ""})`,
          ),
        ),
      ),
    ),
  );
}

/**
 * Read the event stream with fetch (EventSource cannot send the admin token) and call `onStatus`
 * for every status event; reconnects after a dropped connection until `signal` aborts.
 * @param {AbortSignal} signal
 * @param {(event: StatusEvent) => void} onStatus
 */
async function followStatusChanges(signal, onStatus) {
  while (!signal.aborted) {
    try {
      const response = await fetchWithToken("/api/messages/events", {
        headers: { accept: "text/event-stream" },
        signal,
      });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      setLiveState("Live: updates appear as they happen.");
      await readEvents(response.body, (type, data) => {
        if (type === "status") onStatus(/** @type {StatusEvent} */ (data));
      });
    } catch {
      if (signal.aborted) return;
    }
    setLiveState("Live updates interrupted; reconnecting…");
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** @param {string} text */
function setLiveState(text) {
  const element = document.getElementById("live-state");
  if (element) element.textContent = text;
}
