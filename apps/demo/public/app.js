/**
 * The smskit demo's web UI: sign in with the admin token, then one page per hash route. Plain
 * browser ES modules, no framework: each page is a module in views/, what they share is in
 * shared/, components/ and the schema-generated fields (schema-form.js, fields/).
 */
import { ApiError, forgetToken, storedToken, storeToken } from "./shared/api.js";
import { forgetProviders } from "./shared/catalogue.js";
import { h, replaceChildren } from "./shared/dom.js";
import { errorText, leavePage, main, setRenderer } from "./shared/page.js";
import { bulkView } from "./views/bulk.js";
import { editGatewayView, newGatewayView } from "./views/gateway-form.js";
import { gatewaysView } from "./views/gateways.js";
import { inboxView } from "./views/inbox.js";
import { messagesView } from "./views/messages.js";
import { providersView } from "./views/providers.js";
import { routeFormView } from "./views/route-form.js";
import { routesView } from "./views/routes.js";
import { signInView } from "./views/sign-in.js";
import { smtpServersView } from "./views/smtp-servers.js";
import { transferView } from "./views/transfer.js";

const nav = /** @type {HTMLElement} */ (document.getElementById("nav"));

/**
 * @typedef {{ pattern: RegExp, view: (argument: string | undefined) => Promise<void>, nav: string }} Route
 * the view gets the pattern's first group, decoded
 */

/** @type {Route} */
const gatewaysRoute = { pattern: /^#\/gateways$/, view: gatewaysView, nav: "#/gateways" };

/** @type {Route[]} */
const routes = [
  { pattern: /^#\/gateways\/new(?:\?provider=([^&]*))?$/, view: newGatewayView, nav: "#/gateways" },
  { pattern: /^#\/gateways\/([^/?]+)\/edit$/, view: editGatewayView, nav: "#/gateways" },
  gatewaysRoute,
  { pattern: /^#\/routes\/new$/, view: () => routeFormView(undefined), nav: "#/routes" },
  { pattern: /^#\/routes\/([^/?]+)\/edit$/, view: routeFormView, nav: "#/routes" },
  { pattern: /^#\/routes$/, view: routesView, nav: "#/routes" },
  { pattern: /^#\/providers$/, view: providersView, nav: "#/providers" },
  { pattern: /^#\/messages$/, view: messagesView, nav: "#/messages" },
  { pattern: /^#\/inbox$/, view: inboxView, nav: "#/inbox" },
  { pattern: /^#\/bulk$/, view: bulkView, nav: "#/bulk" },
  { pattern: /^#\/smtp-servers$/, view: smtpServersView, nav: "#/smtp-servers" },
  { pattern: /^#\/transfer$/, view: transferView, nav: "#/transfer" },
];

setRenderer(() => render());
window.addEventListener("hashchange", () => render());
window.addEventListener("smskit:unauthorized", () => {
  forgetToken();
  forgetProviders();
  render("The admin token was refused; sign in again.");
});
document.getElementById("sign-out")?.addEventListener("click", () => {
  forgetToken();
  forgetProviders();
  location.hash = "#/gateways";
  render("Signed out.");
});

takeTokenFromAddress();
render();

/** `main.ts` prints a link with `#token=…`: sign in with it and remove it from the address bar. */
function takeTokenFromAddress() {
  const match = /^#token=([^&]+)$/.exec(location.hash);
  if (!match?.[1]) return;
  storeToken(decodeURIComponent(match[1]));
  history.replaceState(null, "", `${location.pathname}#/gateways`);
}

/**
 * Show the page the address names (or the sign-in form).
 * @param {string} [notice]
 */
async function render(notice) {
  leavePage();
  if (!storedToken()) {
    nav.hidden = true;
    signInView(notice);
    return;
  }
  nav.hidden = false;
  if (!routes.some((route) => route.pattern.test(location.hash))) {
    history.replaceState(null, "", `${location.pathname}#/gateways`);
  }
  const route = routes.find((candidate) => candidate.pattern.test(location.hash)) ?? gatewaysRoute;
  for (const link of nav.querySelectorAll("a")) {
    if (link.getAttribute("href") === route.nav) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const match = route.pattern.exec(location.hash) ?? [];
  const argument = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
  replaceChildren(main, h("p", { class: "loading" }, "Loading…"));
  try {
    await route.view(argument);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    replaceChildren(
      main,
      h("h1", { tabindex: "-1" }, "Something went wrong"),
      h("p", { class: "error", role: "alert" }, errorText(error)),
    );
  }
  const heading = main.querySelector("h1");
  if (heading instanceof HTMLElement && document.activeElement === document.body) heading.focus();
}
