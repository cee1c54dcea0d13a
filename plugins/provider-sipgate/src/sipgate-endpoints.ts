/** sipgate's XML-RPC endpoint (what privacyIDEA uses). */
export const defaultXmlRpcUrl = "https://samurai.sipgate.net/RPC2";
/** sipgate's REST API base. */
export const defaultRestUrl = "https://api.sipgate.com/v2";
