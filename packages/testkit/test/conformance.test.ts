import { testProvider } from "../src/index.js";
import { webhookFixtures } from "./fixtures/webhook-fixtures.js";
import { webhookProvider } from "./fixtures/webhook-provider.js";

testProvider(webhookProvider, webhookFixtures());
