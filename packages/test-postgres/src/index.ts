export { databaseUrl, postgresUrlVariable, startPostgres, type TestPostgres } from "./server.js";
