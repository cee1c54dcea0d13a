export * from "./certificates.js";
export * from "./forward-proxy.js";
export * from "./http-server.js";
