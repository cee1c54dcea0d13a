export {
  databaseUrl,
  postgresUrlVariable,
  queryDatabase,
  startPostgres,
  type TestPostgres,
} from "./server.js";
