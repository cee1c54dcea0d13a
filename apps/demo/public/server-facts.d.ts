/**
 * The types of `/server-facts.js`, the module the app serves from its own constants
 * (`src/ui-facts.ts`): the browser keeps no copy of them. This file is never served.
 */
type Facts = typeof import("../src/ui-facts.js").uiFacts;

/** How the server shows a stored secret; sending it back keeps the stored value. */
export declare const censored: Facts["censored"];
/** The path of the app's sandbox endpoint. */
export declare const sandboxPath: Facts["sandboxPath"];
