/**
 * The gateway form's "Sending policies" fieldset: rate limit, retries and circuit breaker, for any
 * provider. Empty fields mean no policy.
 */
import { h } from "../shared/dom.js";

/** @typedef {import("../shared/api-types.js").GatewayPolicies} Policies */

/**
 * The fieldset and a function reading what it holds.
 * @param {Policies | undefined} existing
 * @returns {{ element: HTMLElement, read: () => Policies }}
 */
export function createPolicyFields(existing) {
  /** @param {string} id @param {unknown} value @param {string} step */
  const numberInput = (id, value, step) =>
    h("input", { id, type: "number", min: 0, step, value: value === undefined ? "" : String(value) });
  const rateLimit = numberInput("policy-rate-limit", existing?.rateLimit, "any");
  const retries = numberInput("policy-retries", existing?.retries, "1");
  const failures = numberInput("policy-breaker-failures", existing?.breaker?.failures, "1");
  const windowSeconds = numberInput("policy-breaker-window", existing?.breaker?.windowSeconds, "any");
  const cooldownSeconds = numberInput("policy-breaker-cooldown", existing?.breaker?.cooldownSeconds, "any");
  /** @param {string} id @param {string} label @param {HTMLInputElement} input @param {string} help */
  const field = (id, label, input, help) =>
    h(
      "div",
      { class: "field" },
      h("label", { for: id }, label),
      input,
      h("p", { class: "help", id: `${id}-help` }, help),
    );
  const element = h(
    "fieldset",
    { class: "panel" },
    h("legend", null, "Sending policies (any provider)"),
    field("policy-rate-limit", "Rate limit (messages per second)", rateLimit, "Empty: no limit."),
    field(
      "policy-retries",
      "Retries",
      retries,
      "Retries of a definitely failed send, with backoff; never after an unknown outcome.",
    ),
    field(
      "policy-breaker-failures",
      "Circuit breaker: failures in a row",
      failures,
      "Empty: no breaker. After this many definite failures the gateway is skipped for the cool-down.",
    ),
    field(
      "policy-breaker-window",
      "… within seconds",
      windowSeconds,
      "The failures must fall in this window.",
    ),
    field("policy-breaker-cooldown", "Cool-down seconds", cooldownSeconds, "Then one probe send decides."),
  );
  /** @param {HTMLInputElement} input */
  const value = (input) => (input.value.trim() === "" ? undefined : Number(input.value));
  return {
    element,
    read() {
      const limit = value(rateLimit);
      const retryCount = value(retries);
      const breakerFailures = value(failures);
      return {
        ...(limit === undefined ? {} : { rateLimit: limit }),
        ...(retryCount === undefined ? {} : { retries: retryCount }),
        ...(breakerFailures === undefined
          ? {}
          : {
              breaker: {
                failures: breakerFailures,
                windowSeconds: value(windowSeconds) ?? 60,
                cooldownSeconds: value(cooldownSeconds) ?? 30,
              },
            }),
      };
    },
  };
}
