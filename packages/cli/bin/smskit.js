#!/usr/bin/env node
// The `smskit` executable of @smskit/cli: the providers are those of the application it runs in.
import { launch } from "./launch.js";

launch({});
