/**
 * What the demo shows of a send's attempts: one line per gateway the send considered, and a
 * gateway card's breaker badge.
 */
import { gateways } from "../shared/client.js";
import { h } from "../shared/dom.js";

/** @typedef {import("../shared/api-types.js").SendAttempt} SendAttempt */

const outcomeText = {
  sent: "sent",
  failed: "failed — definitely not delivered",
  unknown: "unknown — may have been delivered",
  skipped: "skipped",
};

/**
 * The attempts of a send as a list, or nothing for a single successful attempt.
 * @param {readonly SendAttempt[] | undefined} attempts
 */
export function attemptsList(attempts) {
  if (!attempts || attempts.length === 0) return null;
  if (attempts.length === 1 && attempts[0]?.outcome === "sent" && (attempts[0].tries ?? 1) === 1) return null;
  return h(
    "ol",
    { class: "attempts", "aria-label": "Attempts" },
    attempts.map((attempt) =>
      h(
        "li",
        { class: `attempt attempt-${attempt.outcome}` },
        h("strong", null, attempt.gateway),
        `: ${outcomeText[attempt.outcome] ?? attempt.outcome}`,
        attempt.tries && attempt.tries > 1 ? ` after ${attempt.tries} tries` : "",
        attempt.code ? ` (${attempt.code})` : attempt.reason ? ` (${attempt.reason})` : "",
      ),
    ),
  );
}

/**
 * A badge with a gateway's circuit breaker state, filled in once its health is loaded.
 * @param {string} name
 */
export function breakerBadge(name) {
  const badge = h("span", { class: "badge muted breaker", hidden: true });
  gateways
    .health(name)
    .then((health) => {
      if (!health.breaker) return;
      const { state, consecutiveFailures } = health.breaker;
      badge.className = `badge breaker breaker-${state}`;
      badge.textContent = `circuit ${state}${consecutiveFailures > 0 ? `, ${consecutiveFailures} recent failures` : ""}`;
      badge.hidden = false;
    })
    .catch(() => {});
  return badge;
}
