#!/usr/bin/env node
import { launch } from "@smskit/cli/launch";
// The `smskit` executable of the smskit package: the providers of the application it runs
// in, or, when no application was named and the one found lists no provider, the six
// first-party providers this package depends on. Parses on old Node.js versions too (the
// launcher then looks for a newer one).
// biome-ignore lint/style/useNodejsImportProtocol: "node:" imports fail on Node.js before 14.13.
import { fileURLToPath } from "url";

launch({ bundledPackageJson: fileURLToPath(new URL("../package.json", import.meta.url)) });
