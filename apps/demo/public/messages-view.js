/**
 * The Messages page: the message log, newest first, each message with its timeline (every status
 * change and receipt), updated live from the server's event stream of status changes.
 */
import { api, segment, storedToken } from "./api.js";
import { h, replaceChildren } from "./dom.js";

/**
 * The list of messages; stays current while it is shown.
 * @param {HTMLElement} main
 * @param {(cleanup: () => void) => void} onLeave called with what stops the live updates
 */
export async function messagesView(main, onLeave) {
  const messages = await api("GET", "/api/messages?limit=50");
  const list = h("ol", { class: "cards", "aria-label": "Messages" });
  const empty = h("p", { class: "empty" }, "No messages yet. Send one from the Gateways page.");
  /** @type {Map<string, HTMLElement>} */
  const cards = new Map();
  const show = (/** @type {any} */ message) => {
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
      show(await api("GET", `/api/messages/${segment(event.id)}`));
    } catch {
      // Pruned or gone meanwhile: nothing to show.
    }
  }).catch(() => {});
}

/** @param {any} message */
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
      message.history.map((/** @type {any} */ change) =>
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
 * @param {(event: { id: string, status: string }) => void} onStatus
 */
async function followStatusChanges(signal, onStatus) {
  while (!signal.aborted) {
    try {
      const response = await fetch("/api/messages/events", {
        headers: { authorization: `Bearer ${storedToken()}`, accept: "text/event-stream" },
        signal,
      });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      setLiveState("Live: updates appear as they happen.");
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        let end = buffered.indexOf("\n\n");
        while (end >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = block.split("\n").find((line) => line.startsWith("data: "));
          if (block.startsWith("event: status") && data) onStatus(JSON.parse(data.slice(6)));
          end = buffered.indexOf("\n\n");
        }
      }
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
