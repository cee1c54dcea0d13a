import { CENSORED } from "@smskit/core";
import { sandboxPath } from "./sandbox.js";

/**
 * What the web UI takes from the server instead of keeping copies: how a stored secret is shown
 * (sending it back keeps the stored value) and where the sandbox endpoint is. Served as the
 * browser module `/server-facts.js`; `public/server-facts.d.ts` types it from this object.
 */
export const uiFacts = { censored: CENSORED, sandboxPath } as const;

/** `uiFacts` as the source of an ES module: one `export const` per fact. */
export function uiFactsModule(): string {
  return Object.entries(uiFacts)
    .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};\n`)
    .join("");
}
