/** The actions the cards of definitions share: a link to edit one, a button that deletes it. */
import { h } from "../shared/dom.js";
import { errorText, renderAgain, say } from "../shared/page.js";

/**
 * @param {string} href the edit form's address
 * @param {string} name the definition's name (for the accessible label)
 */
export function editLink(href, name) {
  return h("a", { class: "button secondary", href, "aria-label": `Edit ${name}` }, "Edit");
}

/**
 * Delete after a confirmation, say so, and show the page again.
 * @param {string} noun what the definition is, e.g. "gateway" or "SMTP server"
 * @param {string} name
 * @param {() => Promise<void>} remove
 * @param {() => unknown} [after] how the page is shown again (default: the router's render)
 */
export function deleteButton(noun, name, remove, after = renderAgain) {
  return h(
    "button",
    {
      type: "button",
      class: "danger",
      "aria-label": `Delete ${name}`,
      onclick: async () => {
        if (!confirm(`Delete the ${noun} “${name}”?`)) return;
        try {
          await remove();
          say(`Deleted the ${noun} “${name}”.`);
          await after();
        } catch (error) {
          say(errorText(error));
        }
      },
    },
    "Delete",
  );
}
