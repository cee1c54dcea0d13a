/**
 * A tiny element builder: h("p", { class: "help" }, "text", child). Text always goes in as
 * text (never parsed as HTML), so data from the server cannot inject markup.
 * @template {keyof HTMLElementTagNameMap} Tag
 * @param {Tag} tag
 * @param {Record<string, unknown> | null} [attributes]
 * @param {...unknown} children nodes, text, numbers, nested lists; null, undefined and false are skipped
 * @returns {HTMLElementTagNameMap[Tag]}
 */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    } else if (name === "class") {
      element.className = String(value);
    } else if (name === "for") {
      /** @type {HTMLLabelElement} */ (element).htmlFor = String(value);
    } else if (name === "value") {
      /** @type {HTMLInputElement} */ (element).value = String(value);
    } else if (name === "checked") {
      /** @type {HTMLInputElement} */ (element).checked = Boolean(value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/**
 * Append children (nested lists, text, nodes; falsy ones are skipped).
 * @param {Element} parent
 * @param {unknown[]} children
 */
export function append(parent, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : String(child));
  }
}

/**
 * Replace every child of an element.
 * @param {Element} parent
 * @param {...unknown} children
 */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * A document-unique id for an element, derived from a name that may contain any character.
 * @param {string} prefix
 * @param {string} name
 */
export function fieldId(prefix, name) {
  const safe = name.replace(/[^A-Za-z0-9_-]+/g, "-");
  return `${prefix}-${safe}`;
}
