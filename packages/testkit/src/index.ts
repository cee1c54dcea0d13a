export * from "./certificates.js";
export * from "./conformance.js";
export * from "./fcm-fake.js";
export * from "./forward-proxy.js";
export * from "./http-server.js";
export * from "./smsc-simulator.js";
export * from "./smtp-fake.js";
