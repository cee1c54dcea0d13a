/**
 * The Routes page: routes as cards (strategy, gateways in order), with their actions. The form
 * to create or edit one is in route-form.js.
 */
import { deleteButton, editLink } from "../components/card-actions.js";
import { segment } from "../shared/api.js";
import { routes as routeApi } from "../shared/client.js";
import { h, replaceChildren } from "../shared/dom.js";
import { main } from "../shared/page.js";
import { sendTestButton } from "./send-dialog.js";

/** @typedef {import("../shared/api-types.js").RouteDefinition} RouteDefinition */

/** The list of routes. */
export async function routesView() {
  const routes = await routeApi.list();
  replaceChildren(
    main,
    h(
      "div",
      { class: "page-head" },
      h("h1", { tabindex: "-1" }, "Routes"),
      h("a", { class: "button", href: "#/routes/new" }, "New route"),
    ),
    h(
      "p",
      { class: "help" },
      "A route is a send target over gateways. It moves to the next gateway only after a definite failure; after an unknown outcome (a timeout after sending) it stops unless “on unknown” is continue, so no one-time password goes out twice.",
    ),
    routes.length === 0
      ? h("p", { class: "empty" }, "No routes yet.")
      : h(
          "ul",
          { class: "cards", "aria-label": "Routes" },
          routes.map((route) => routeCard(route)),
        ),
  );
}

/** @param {RouteDefinition} route */
function routeCard(route) {
  return h(
    "li",
    { class: "card" },
    h("h2", null, route.name),
    h(
      "p",
      { class: "meta" },
      h("span", { class: "badge" }, route.strategy),
      h("span", { class: "badge muted" }, `on unknown: ${route.onUnknown}`),
      ` revision ${route.revision}`,
    ),
    route.description ? h("p", null, route.description) : null,
    h(
      "ol",
      { class: "route-gateways", "aria-label": `Gateways of ${route.name}` },
      route.gateways.map((gateway) =>
        h("li", null, gateway.name, route.strategy === "weighted" ? ` (weight ${gateway.weight})` : ""),
      ),
    ),
    route.prefixes.length > 0
      ? h(
          "p",
          { class: "meta" },
          route.prefixes.map((rule) => `${rule.prefix} → ${rule.gateways.join(", ")}`).join("; "),
        )
      : null,
    h(
      "div",
      { class: "actions" },
      sendTestButton(route, "sms"),
      editLink(`#/routes/${segment(route.name)}/edit`, route.name),
      deleteButton("route", route.name, () => routeApi.remove(route.name), routesView),
    ),
  );
}
