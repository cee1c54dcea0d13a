/** The installed providers, loaded once per sign-in and shared by the views. */
import { listProviders } from "./client.js";

/** @type {Promise<import("./api-types.js").ProviderInfo[]> | undefined} */
let loaded;

/** The providers (loaded on first use; a failed load is tried again next time). */
export function providers() {
  loaded ??= listProviders().catch((error) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

/** Load the providers afresh next time (sign-out, an import). */
export function forgetProviders() {
  loaded = undefined;
}
