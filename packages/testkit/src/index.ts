export * from "./certificates.js";
export * from "./http-server.js";
