/** The sign-in page: the admin token, checked against the API before it is kept. */
import { ApiError, storeToken } from "../shared/api.js";
import { listProviders } from "../shared/client.js";
import { h, replaceChildren } from "../shared/dom.js";
import { errorText, main, renderAgain } from "../shared/page.js";

/**
 * @param {string | undefined} notice why the form is shown (signed out, token refused)
 */
export function signInView(notice) {
  const input = h("input", {
    id: "token",
    type: "password",
    autocomplete: "current-password",
    required: true,
    "aria-describedby": "token-help",
  });
  const message = h("p", { class: "error", role: "alert", id: "sign-in-error" });
  const form = h(
    "form",
    {
      class: "panel narrow",
      novalidate: true,
      onsubmit: async (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        const token = input.value.trim();
        if (token === "") {
          message.textContent = "Enter the admin token.";
          input.focus();
          return;
        }
        try {
          await listProviders(token);
          storeToken(token);
          if (!/^#\/./.test(location.hash)) history.replaceState(null, "", `${location.pathname}#/gateways`);
          renderAgain();
        } catch (error) {
          message.textContent =
            error instanceof ApiError && error.status === 401
              ? "That token is not the admin token."
              : errorText(error);
          input.focus();
        }
      },
    },
    h("div", { class: "field" }, h("label", { for: "token" }, "Admin token"), input),
    h(
      "p",
      { class: "help", id: "token-help" },
      "The value of SMSKIT_ADMIN_TOKEN, or the token the app printed when it started for the first time.",
    ),
    message,
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Sign in")),
  );
  replaceChildren(
    main,
    h("h1", { tabindex: "-1" }, "Sign in"),
    notice ? h("p", { class: "notice", role: "status" }, notice) : null,
    form,
  );
  input.focus();
}
