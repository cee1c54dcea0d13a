export { ClaimTable } from "./claims.js";
export { createPostgresQueue, PostgresMessageQueue, type PostgresQueueOptions } from "./postgres-queue.js";
