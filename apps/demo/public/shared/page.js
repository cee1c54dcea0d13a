/**
 * What every view shares: the page's main element, the status announcements, error texts, and
 * the hooks between the views and the router in app.js (show the current page again, stop what
 * a page started when it is left).
 */

export const main = /** @type {HTMLElement} */ (document.getElementById("main"));
const toast = /** @type {HTMLElement} */ (document.getElementById("toast"));

/** @type {(() => void)[]} things to stop when the page changes (polling, event streams) */
let cleanups = [];
/** @type {() => void} */
let renderCurrent = () => {};

/**
 * Announce something in the status region (and show it briefly).
 * @param {string} text
 */
export function say(text) {
  toast.textContent = text;
  toast.classList.add("visible");
  clearTimeout(Number(toast.dataset.timer));
  toast.dataset.timer = String(setTimeout(() => toast.classList.remove("visible"), 5000));
}

/** @param {unknown} error */
export function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Run `cleanup` when the page changes.
 * @param {() => void} cleanup
 */
export function onLeave(cleanup) {
  cleanups.push(cleanup);
}

/** Stop what the page that is being left started (the router calls it). */
export function leavePage() {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
}

/**
 * Set how the current page is shown again (the router's render).
 * @param {() => void} render
 */
export function setRenderer(render) {
  renderCurrent = render;
}

/** Show the current page again, e.g. after deleting one of its items. */
export function renderAgain() {
  renderCurrent();
}
