export { describeUrl } from "./connection.js";
export { PostgresMessages } from "./messages.js";
export { postgresMigrations } from "./migrations.js";
export { PostgresRateLimiter } from "./rate-limiter.js";
export { PostgresGatewayStore, type PostgresStoreOptions } from "./store.js";
