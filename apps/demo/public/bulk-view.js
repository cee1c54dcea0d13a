/**
 * The Bulk page: upload a CSV file (header to,message — or only to, with a message for everyone),
 * pick a gateway or route, watch the progress (server-sent events from the app, read with fetch
 * so that the admin token goes along) and download the outcome of every row as CSV.
 */
import { ApiError, api, segment, storedToken } from "./api.js";
import { h, replaceChildren } from "./dom.js";

/**
 * @param {HTMLElement} main
 * @param {{ errorText: (error: unknown) => string }} tools
 */
export async function bulkView(main, tools) {
  const [gateways, routes] = await Promise.all([api("GET", "/api/gateways"), api("GET", "/api/routes")]);
  const targets = [
    ...gateways.map((/** @type {any} */ g) => g.name),
    ...routes.map((/** @type {any} */ r) => r.name),
  ];
  const target = /** @type {HTMLSelectElement} */ (
    h("select", { id: "bulk-target" }, ...targets.map((name) => h("option", { value: name }, name)))
  );
  const file = /** @type {HTMLInputElement} */ (
    h("input", { id: "bulk-file", type: "file", accept: ".csv,text/csv" })
  );
  const message = /** @type {HTMLInputElement} */ (
    h("input", {
      id: "bulk-message",
      autocomplete: "off",
      placeholder: "only when the file has no message column",
    })
  );
  const progress = /** @type {HTMLProgressElement} */ (
    h("progress", { id: "bulk-progress", max: 1, value: 0 })
  );
  const status = h("p", { class: "bulk-status", role: "status", "aria-live": "polite" });
  const results = h("div", { class: "bulk-results" });
  const start = /** @type {HTMLButtonElement} */ (h("button", { type: "submit" }, "Send all"));
  replaceChildren(
    main,
    h("div", { class: "page-head" }, h("h1", { tabindex: "-1" }, "Bulk send")),
    h(
      "p",
      { class: "help" },
      "A CSV file with a header row: columns to and message, or only to and the message below for everyone. Malformed rows are reported and skipped. Results list each row's outcome, never the texts.",
    ),
    h(
      "form",
      {
        class: "bulk-form",
        onsubmit: async (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          const chosen = file.files?.[0];
          if (!chosen) {
            status.textContent = "Choose a CSV file.";
            return;
          }
          start.disabled = true;
          replaceChildren(results);
          try {
            const query = message.value === "" ? "" : `?message=${encodeURIComponent(message.value)}`;
            const job = await upload(`/api/bulk/${segment(target.value)}${query}`, await chosen.text());
            progress.max = Math.max(1, job.total);
            await follow(job.id, (state) => {
              progress.value = state.done + state.malformed;
              status.textContent = describe(state);
            });
            const download = h("button", { type: "button", class: "secondary" }, "Download results (CSV)");
            download.addEventListener("click", () => downloadResults(job.id));
            replaceChildren(results, download);
          } catch (error) {
            status.textContent = tools.errorText(error);
          } finally {
            start.disabled = false;
          }
        },
      },
      h("div", { class: "field" }, h("label", { for: "bulk-target" }, "Gateway or route"), target),
      h("div", { class: "field" }, h("label", { for: "bulk-file" }, "CSV file"), file),
      h("div", { class: "field" }, h("label", { for: "bulk-message" }, "Message for every row"), message),
      h("div", { class: "actions" }, start),
    ),
    h("div", { class: "field" }, h("label", { for: "bulk-progress" }, "Progress"), progress),
    status,
    results,
  );
}

/** @param {any} state */
function describe(state) {
  const error = state.error ? ` — stopped: ${state.error}` : "";
  const where = `${state.done + state.malformed} of ${state.total}`;
  return `${state.finished ? "Done" : "Sending"}: ${where} · ${state.sent} sent · ${state.failed} failed · ${state.unknown} unknown · ${state.malformed} malformed${error}`;
}

/** @param {string} path @param {string} csv */
async function upload(path, csv) {
  const response = await fetch(path, {
    method: "POST",
    headers: {
      authorization: `Bearer ${storedToken()}`,
      "content-type": "text/csv",
      accept: "application/json",
    },
    body: csv,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/**
 * Read the job's server-sent events until `done`.
 * @param {string} id @param {(state: any) => void} onState
 */
async function follow(id, onState) {
  const response = await fetch(`/api/bulk/jobs/${segment(id)}/events`, {
    headers: { authorization: `Bearer ${storedToken()}`, accept: "text/event-stream" },
  });
  if (!response.ok || !response.body) throw new ApiError(response.status, {});
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split("\n").find((line) => line.startsWith("data: "));
      if (data) onState(JSON.parse(data.slice(6)));
    }
  }
}

/** @param {string} id */
async function downloadResults(id) {
  const response = await fetch(`/api/bulk/jobs/${segment(id)}/results`, {
    headers: { authorization: `Bearer ${storedToken()}` },
  });
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: `bulk-${id}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
