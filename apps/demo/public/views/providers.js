/** The Providers page: the discovered providers, each with its parameters and presets. */
import { segment } from "../shared/api.js";
import { providers } from "../shared/catalogue.js";
import { h, replaceChildren } from "../shared/dom.js";
import { main } from "../shared/page.js";

/**
 * @typedef {import("../shared/api-types.js").ProviderInfo} ProviderInfo
 * @typedef {import("../shared/api-types.js").PropertySchema} PropertySchema
 */

export async function providersView() {
  const catalogue = await providers();
  replaceChildren(
    main,
    h("h1", { tabindex: "-1" }, "Providers"),
    h(
      "p",
      { class: "lead" },
      "Discovered from the dependencies in the app's package.json: install a provider package and restart, and it appears here; remove it, and it is gone.",
    ),
    h(
      "ul",
      { class: "cards", "aria-label": "Providers" },
      catalogue.map((provider) => providerCard(provider)),
    ),
  );
}

/** @param {ProviderInfo} provider */
function providerCard(provider) {
  const properties = Object.entries(provider.parameters.properties ?? {});
  const required = new Set(provider.parameters.required ?? []);
  const headingId = `provider-${provider.id}`;
  return h(
    "li",
    { class: "card", "aria-labelledby": headingId },
    h("h2", { id: headingId }, provider.displayName),
    h(
      "p",
      { class: "meta" },
      h("span", { class: "badge" }, provider.id),
      h("span", { class: "badge muted" }, provider.kind),
      provider.package ? ` ${provider.package}@${provider.version ?? "?"}` : "",
    ),
    h("p", null, provider.description),
    h(
      "details",
      null,
      h("summary", null, `Parameters (${properties.length})`),
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          null,
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              h("th", { scope: "col" }, "Name"),
              h("th", { scope: "col" }, "Type"),
              h("th", { scope: "col" }, "Description"),
            ),
          ),
          h(
            "tbody",
            null,
            properties.map(([name, property]) =>
              h(
                "tr",
                null,
                h("th", { scope: "row" }, name, required.has(name) ? " *" : ""),
                h("td", null, typeName(property)),
                h("td", null, property.description ?? ""),
              ),
            ),
          ),
        ),
      ),
      h(
        "p",
        { class: "help" },
        `* required. Options: ${provider.optionsAllowed ? "yes" : "no"}. Headers: ${provider.headersAllowed ? "yes" : "no"}.`,
      ),
    ),
    provider.presets.length > 0
      ? h("p", { class: "help" }, `Presets: ${provider.presets.map((preset) => preset.name).join(", ")}`)
      : null,
    h(
      "div",
      { class: "actions" },
      h(
        "a",
        { class: "button", href: `#/gateways/new?provider=${segment(provider.id)}` },
        `New ${provider.displayName}`,
      ),
    ),
  );
}

/** @param {PropertySchema & { anyOf?: readonly PropertySchema[] }} property */
function typeName(property) {
  if (Array.isArray(property.enum)) return `one of ${property.enum.join(", ")}`;
  if (property.writeOnly) return "secret";
  if (property.anyOf) return property.anyOf.map((entry) => entry.type).join(" or ");
  return [property.type, property.format].filter(Boolean).join(", ");
}
