/** Small texts several views show. */

/**
 * Names as a list in words ("none" for no names).
 * @param {readonly string[]} names
 */
export function nameList(names) {
  return names.length === 0 ? "none" : names.join(", ");
}

/**
 * "1 part", "2 parts".
 * @param {number} count @param {string} singular @param {string} [plural]
 */
export function counted(count, singular, plural = `${singular}s`) {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * A gateway's policies in words, or "" when it has none.
 * @param {import("./api-types.js").GatewayPolicies | undefined} policies
 */
export function policiesText(policies) {
  const parts = [];
  if (policies?.rateLimit) parts.push(`at most ${policies.rateLimit}/s`);
  if (policies?.retries) parts.push(`${policies.retries} retries`);
  const breaker = policies?.breaker;
  if (breaker) parts.push(`breaker ${breaker.failures}/${breaker.windowSeconds}/${breaker.cooldownSeconds}`);
  return parts.join(", ");
}
