export * from "./certificates.js";
export * from "./http-server.js";
export * from "./smsc-simulator.js";
