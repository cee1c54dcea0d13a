/** Offer a file to the user: what the export and the bulk results download do. */
import { h } from "./dom.js";

/**
 * Save `blob` as `fileName` through a temporary link.
 * @param {Blob} blob
 * @param {string} fileName
 */
export function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
