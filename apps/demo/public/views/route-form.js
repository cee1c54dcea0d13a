/**
 * The route form: name, strategy, what to do after an unknown outcome, the gateways in the order
 * they are tried (reorderable with buttons) and prefix rules.
 */
import { gateways as gatewayApi, routes } from "../shared/client.js";
import { h, replaceChildren } from "../shared/dom.js";
import { issueItems, issuesOf } from "../shared/issues.js";
import { main, say } from "../shared/page.js";

/**
 * The form for a new route (no name) or an existing one.
 * @param {string | undefined} name
 */
export async function routeFormView(name) {
  const [gateways, existing] = await Promise.all([
    gatewayApi.list(),
    name === undefined ? Promise.resolve(undefined) : routes.get(name),
  ]);
  const gatewayNames = gateways.map((gateway) => gateway.name);
  /** @type {{ name: string, weight: number }[]} */
  const members = (existing?.gateways ?? []).map((member) => ({ ...member }));
  /** @type {{ prefix: string, gateways: string }[]} */
  const prefixes = (existing?.prefixes ?? []).map((rule) => ({
    prefix: rule.prefix,
    gateways: rule.gateways.join(", "),
  }));
  const nameInput = h("input", {
    id: "route-name",
    required: true,
    value: existing?.name ?? "",
    disabled: Boolean(existing),
  });
  const descriptionInput = h("input", { id: "route-description", value: existing?.description ?? "" });
  const strategySelect = h(
    "select",
    { id: "route-strategy", onchange: () => drawMembers() },
    ["failover", "round-robin", "weighted"].map((strategy) => h("option", { value: strategy }, strategy)),
  );
  strategySelect.value = existing?.strategy ?? "failover";
  const unknownSelect = h(
    "select",
    { id: "route-on-unknown" },
    h("option", { value: "stop" }, "stop (never a duplicate; for one-time passwords)"),
    h("option", { value: "continue" }, "continue (a duplicate is better than nothing)"),
  );
  unknownSelect.value = existing?.onUnknown ?? "stop";
  const memberList = h("ol", { class: "route-members", "aria-label": "Gateways in order" });
  const prefixList = h("div", { class: "route-prefixes" });
  const problems = h("div", { role: "alert" });
  const addSelect = h(
    "select",
    { id: "route-add-gateway" },
    gatewayNames.map((gateway) => h("option", { value: gateway }, gateway)),
  );

  const drawMembers = () => {
    const weighted = strategySelect.value === "weighted";
    replaceChildren(
      memberList,
      members.map((member, index) =>
        h(
          "li",
          { class: "route-member" },
          h("span", { class: "route-member-name" }, member.name),
          weighted
            ? h(
                "label",
                { class: "inline" },
                "weight ",
                h("input", {
                  type: "number",
                  min: 1,
                  max: 1000,
                  value: member.weight,
                  "aria-label": `Weight of ${member.name}`,
                  oninput: (/** @type {Event} */ event) => {
                    member.weight = Number(/** @type {HTMLInputElement} */ (event.target).value);
                  },
                }),
              )
            : null,
          h(
            "button",
            {
              type: "button",
              class: "secondary",
              disabled: index === 0,
              "aria-label": `Move ${member.name} up`,
              onclick: () => move(index, -1),
            },
            "↑",
          ),
          h(
            "button",
            {
              type: "button",
              class: "secondary",
              disabled: index === members.length - 1,
              "aria-label": `Move ${member.name} down`,
              onclick: () => move(index, 1),
            },
            "↓",
          ),
          removeButton(`Remove ${member.name}`, () => {
            members.splice(index, 1);
            drawMembers();
          }),
        ),
      ),
    );
  };
  /** @param {number} index @param {number} step */
  const move = (index, step) => {
    const [member] = members.splice(index, 1);
    if (!member) return;
    members.splice(index + step, 0, member);
    drawMembers();
    const label = `Move ${member.name} ${step < 0 ? "up" : "down"}`;
    const again = [...memberList.querySelectorAll("button")].find(
      (button) => button.getAttribute("aria-label") === label && !button.disabled,
    );
    again?.focus();
  };
  const drawPrefixes = () => {
    replaceChildren(
      prefixList,
      prefixes.map((rule, index) =>
        h(
          "div",
          { class: "pair-row" },
          textCell(`prefix-${index}`, "Prefix", rule.prefix, "+49", (text) => {
            rule.prefix = text;
          }),
          textCell(
            `prefix-${index}-gateways`,
            "Gateways, in order",
            rule.gateways,
            "de-gw, backup",
            (text) => {
              rule.gateways = text;
            },
          ),
          removeButton(`Remove the prefix rule ${index + 1}`, () => {
            prefixes.splice(index, 1);
            drawPrefixes();
          }),
        ),
      ),
    );
  };
  drawMembers();
  drawPrefixes();

  const submit = async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    const routeName = nameInput.value.trim();
    if (routeName === "") {
      replaceChildren(problems, h("p", { class: "error" }, "Enter a name for the route."));
      nameInput.focus();
      return;
    }
    try {
      await routes.save(routeName, {
        description: descriptionInput.value,
        strategy: strategySelect.value,
        onUnknown: unknownSelect.value,
        gateways: members.map((member) => ({ name: member.name, weight: member.weight })),
        prefixes: prefixes.map((rule) => ({
          prefix: rule.prefix.trim(),
          gateways: rule.gateways
            .split(",")
            .map((item) => item.trim())
            .filter((item) => item !== ""),
        })),
        ...(existing ? { expectedRevision: existing.revision } : {}),
      });
      say(`Saved the route “${routeName}”.`);
      location.hash = "#/routes";
    } catch (error) {
      replaceChildren(
        problems,
        h(
          "div",
          { class: "error" },
          h("p", null, "The route was not saved:"),
          h("ul", null, issueItems(issuesOf(error, "route"))),
        ),
      );
    }
  };

  replaceChildren(
    main,
    h("h1", { tabindex: "-1" }, existing ? `Edit route “${existing.name}”` : "New route"),
    h(
      "form",
      { novalidate: true, onsubmit: submit },
      h("div", { class: "field" }, h("label", { for: "route-name" }, "Name"), nameInput),
      h("div", { class: "field" }, h("label", { for: "route-description" }, "Description"), descriptionInput),
      h("div", { class: "field" }, h("label", { for: "route-strategy" }, "Strategy"), strategySelect),
      h(
        "div",
        { class: "field" },
        h("label", { for: "route-on-unknown" }, "On an unknown outcome"),
        unknownSelect,
      ),
      h(
        "fieldset",
        { class: "panel" },
        h("legend", null, "Gateways, in the order they are tried"),
        memberList,
        h(
          "div",
          { class: "inline" },
          h("label", { for: "route-add-gateway" }, "Gateway "),
          addSelect,
          h(
            "button",
            {
              type: "button",
              class: "secondary",
              onclick: () => {
                if (addSelect.value && !members.some((member) => member.name === addSelect.value))
                  members.push({ name: addSelect.value, weight: 1 });
                drawMembers();
              },
            },
            "Add gateway",
          ),
        ),
      ),
      h(
        "fieldset",
        { class: "panel" },
        h("legend", null, "Prefix rules (longest prefix wins; + and 00 alike)"),
        prefixList,
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            onclick: () => {
              prefixes.push({ prefix: "", gateways: "" });
              drawPrefixes();
            },
          },
          "Add prefix rule",
        ),
      ),
      problems,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit" }, existing ? "Save changes" : "Create route"),
        h("a", { class: "button secondary", href: "#/routes" }, "Cancel"),
      ),
    ),
  );
}

/**
 * A labelled text input in a row of the prefix rules.
 * @param {string} id @param {string} label @param {string} value @param {string} placeholder
 * @param {(text: string) => void} onText
 */
function textCell(id, label, value, placeholder, onText) {
  return h(
    "div",
    { class: "pair-cell" },
    h("label", { for: id }, label),
    h("input", {
      id,
      value,
      placeholder,
      oninput: (/** @type {Event} */ event) => onText(/** @type {HTMLInputElement} */ (event.target).value),
    }),
  );
}

/** @param {string} label @param {() => void} onRemove */
function removeButton(label, onRemove) {
  return h("button", { type: "button", class: "danger", "aria-label": label, onclick: onRemove }, "Remove");
}
