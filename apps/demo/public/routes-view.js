/**
 * The Routes page: routes as cards (strategy, gateways in order), with their actions. The form
 * to create or edit one is in route-form.js.
 */
import { api, segment } from "./api.js";
import { h, replaceChildren } from "./dom.js";

/**
 * What the page needs from the app.
 * @typedef {{ say: (text: string) => void, errorText: (error: unknown) => string, sendTo: (target: { name: string }) => void }} RoutePageTools
 */

/**
 * The list of routes.
 * @param {HTMLElement} main
 * @param {RoutePageTools} tools
 */
export async function routesView(main, tools) {
  const routes = await api("GET", "/api/routes");
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
          routes.map((/** @type {any} */ route) => routeCard(main, route, tools)),
        ),
  );
}

/**
 * @param {HTMLElement} main
 * @param {any} route
 * @param {RoutePageTools} tools
 */
function routeCard(main, route, tools) {
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
      route.gateways.map((/** @type {any} */ gateway) =>
        h("li", null, gateway.name, route.strategy === "weighted" ? ` (weight ${gateway.weight})` : ""),
      ),
    ),
    route.prefixes.length > 0
      ? h(
          "p",
          { class: "meta" },
          route.prefixes
            .map((/** @type {any} */ rule) => `${rule.prefix} → ${rule.gateways.join(", ")}`)
            .join("; "),
        )
      : null,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          type: "button",
          "aria-label": `Send a test message through ${route.name}`,
          onclick: () => tools.sendTo(route),
        },
        "Send test",
      ),
      h(
        "a",
        {
          class: "button secondary",
          href: `#/routes/${segment(route.name)}/edit`,
          "aria-label": `Edit ${route.name}`,
        },
        "Edit",
      ),
      h(
        "button",
        {
          type: "button",
          class: "danger",
          "aria-label": `Delete ${route.name}`,
          onclick: async () => {
            if (!confirm(`Delete the route “${route.name}”?`)) return;
            try {
              await api("DELETE", `/api/routes/${segment(route.name)}`);
              tools.say(`Deleted the route “${route.name}”.`);
              await routesView(main, tools);
            } catch (error) {
              tools.say(tools.errorText(error));
            }
          },
        },
        "Delete",
      ),
    ),
  );
}
