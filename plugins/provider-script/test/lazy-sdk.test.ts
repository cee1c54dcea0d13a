import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packagesLoaded } from "@smskit/testkit";
import { expect, it } from "vitest";

const entry = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "index.js");

it("importing the manifest loads no package beyond the contract (the provider needs no SDK)", async () => {
  const loaded = await packagesLoaded(entry, []);
  expect(loaded.everyPackageOnImport.filter((name) => !name.startsWith("@smskit/"))).toEqual([]);
  expect(loaded.afterCreate).toBeUndefined();
});
