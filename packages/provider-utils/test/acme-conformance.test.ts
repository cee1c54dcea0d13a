import { testProvider } from "@smskit/testkit";
import { acmeFixtures } from "./fixtures/acme-fixtures.js";
import { acmeProvider } from "./fixtures/acme-provider.js";

// A provider of about 50 lines, written with provider-utils, passes every check of the suite.
testProvider(acmeProvider, acmeFixtures());
