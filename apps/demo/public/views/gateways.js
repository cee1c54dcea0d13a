/**
 * The Gateways page: a card per gateway (provider, policies, breaker state, status callback URL)
 * with its actions, and a pointer to the sandbox gateway for a first try.
 */
import { deleteButton, editLink } from "../components/card-actions.js";
import { breakerBadge } from "../components/send-attempts.js";
import { segment } from "../shared/api.js";
import { providers } from "../shared/catalogue.js";
import { gateways as gatewayApi } from "../shared/client.js";
import { fieldId, h, replaceChildren } from "../shared/dom.js";
import { policiesText } from "../shared/format.js";
import { main } from "../shared/page.js";
import { sendTestButton } from "./send-dialog.js";

/**
 * @typedef {import("../shared/api-types.js").GatewayView} GatewayView
 * @typedef {import("../shared/api-types.js").ProviderInfo} ProviderInfo
 */

export async function gatewaysView() {
  const [gateways, catalogue] = await Promise.all([gatewayApi.list(), providers()]);
  const byId = new Map(catalogue.map((provider) => [provider.id, provider]));
  const sandbox =
    gateways.find((gateway) => gateway.name === "sandbox" && gateway.sandbox) ??
    gateways.find((gateway) => gateway.sandbox);
  replaceChildren(
    main,
    h(
      "div",
      { class: "page-head" },
      h("h1", { tabindex: "-1" }, "Gateways"),
      h("a", { class: "button", href: "#/gateways/new" }, "New gateway"),
    ),
    sandbox
      ? h(
          "p",
          { class: "notice" },
          `Try it without any account: press “Send test” on the gateway “${sandbox.name}”; it delivers into this app's own `,
          h("a", { href: "#/inbox" }, "sandbox inbox"),
          ".",
        )
      : null,
    gateways.length === 0
      ? h("p", { class: "empty" }, "No gateways yet. Create one from a provider's form.")
      : h(
          "ul",
          { class: "cards", "aria-label": "Gateways" },
          gateways.map((gateway) => gatewayCard(gateway, byId.get(gateway.provider))),
        ),
  );
}

/**
 * @param {GatewayView} gateway
 * @param {ProviderInfo | undefined} provider
 */
function gatewayCard(gateway, provider) {
  const headingId = fieldId("gateway", gateway.name);
  const policies = policiesText(gateway.policies);
  return h(
    "li",
    { class: "card", "aria-labelledby": headingId },
    h("h2", { id: headingId }, gateway.name),
    h(
      "p",
      { class: "meta" },
      h("span", { class: "badge" }, provider?.displayName ?? `${gateway.provider} (not installed)`),
      gateway.policies?.breaker ? breakerBadge(gateway.name) : null,
      ` revision ${gateway.revision}`,
    ),
    policies ? h("p", { class: "meta" }, policies) : null,
    gateway.description ? h("p", null, gateway.description) : null,
    gateway.receiptUrl
      ? h(
          "p",
          { class: "meta receipt-url" },
          "Status callback URL (paste it into the vendor's console): ",
          h("code", null, gateway.receiptUrl),
        )
      : null,
    h(
      "div",
      { class: "actions" },
      sendTestButton(gateway, provider?.kind ?? "sms", !provider),
      editLink(`#/gateways/${segment(gateway.name)}/edit`, gateway.name),
      deleteButton("gateway", gateway.name, () => gatewayApi.remove(gateway.name)),
    ),
  );
}
