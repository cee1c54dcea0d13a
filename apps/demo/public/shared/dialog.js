/** Modal dialogs: shown over the page, removed from it once closed. */

/**
 * Show `dialog` modally; closing it (Escape, a Close button) removes it from the page.
 * @param {HTMLDialogElement} dialog
 */
export function showDialog(dialog) {
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
