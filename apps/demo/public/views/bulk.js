/**
 * The Bulk page: upload a CSV file (header to,message — or only to, with a message for everyone),
 * pick a gateway or route, watch the progress (server-sent events from the app, read with fetch
 * so that the admin token goes along) and download the outcome of every row as CSV.
 */
import { ApiError, fetchWithToken, segment } from "../shared/api.js";
import { gateways as gatewayApi, routes as routeApi } from "../shared/client.js";
import { h, replaceChildren } from "../shared/dom.js";
import { download } from "../shared/download.js";
import { readEvents } from "../shared/event-stream.js";
import { errorText, main } from "../shared/page.js";

/** @typedef {import("../shared/api-types.js").BulkJobState} BulkJobState */

export async function bulkView() {
  const [gateways, routes] = await Promise.all([gatewayApi.list(), routeApi.list()]);
  const targets = [...gateways.map((gateway) => gateway.name), ...routes.map((route) => route.name)];
  const target = h(
    "select",
    { id: "bulk-target" },
    ...targets.map((name) => h("option", { value: name }, name)),
  );
  const file = h("input", { id: "bulk-file", type: "file", accept: ".csv,text/csv" });
  const message = h("input", {
    id: "bulk-message",
    autocomplete: "off",
    placeholder: "only when the file has no message column",
  });
  const progress = h("progress", { id: "bulk-progress", max: 1, value: 0 });
  const status = h("p", { class: "bulk-status", role: "status", "aria-live": "polite" });
  const results = h("div", { class: "bulk-results" });
  const start = h("button", { type: "submit" }, "Send all");
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
            status.textContent = errorText(error);
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

/** @param {BulkJobState} state */
function describe(state) {
  const error = state.error ? ` — stopped: ${state.error}` : "";
  const where = `${state.done + state.malformed} of ${state.total}`;
  return `${state.finished ? "Done" : "Sending"}: ${where} · ${state.sent} sent · ${state.failed} failed · ${state.unknown} unknown · ${state.malformed} malformed${error}`;
}

/**
 * Start the job: the CSV file goes up as it is.
 * @param {string} path @param {string} csv
 * @returns {Promise<BulkJobState>}
 */
async function upload(path, csv) {
  const response = await fetchWithToken(path, {
    method: "POST",
    headers: { "content-type": "text/csv", accept: "application/json" },
    body: csv,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/**
 * Read the job's server-sent events until the stream ends with the job.
 * @param {string} id @param {(state: BulkJobState) => void} onState
 */
async function follow(id, onState) {
  const response = await fetchWithToken(`/api/bulk/jobs/${segment(id)}/events`, {
    headers: { accept: "text/event-stream" },
  });
  if (!response.ok || !response.body) throw new ApiError(response.status, {});
  await readEvents(response.body, (_type, data) => onState(/** @type {BulkJobState} */ (data)));
}

/** @param {string} id */
async function downloadResults(id) {
  const response = await fetchWithToken(`/api/bulk/jobs/${segment(id)}/results`);
  download(await response.blob(), `bulk-${id}.csv`);
}
