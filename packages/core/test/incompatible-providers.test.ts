import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmskit } from "../src/index.js";

let application: string;

const manifestSource = (id: string, specVersion = 1) => `export default {
  specVersion: ${specVersion}, id: ${JSON.stringify(id)}, kind: "sms", displayName: "Echo", description: "Echoes.",
  optionsAllowed: false, headersAllowed: false,
  parameters: { type: "object", properties: { URL: { type: "string", description: "Where." } } },
  create: () => ({ send: async (message) => ({ messageId: message.to }) }),
};`;

/** Provider packages as they would be installed: name → their contract peer range and manifest. */
const packages: Record<string, { peer?: string; source: string; imported?: boolean }> = {
  "smskit-provider-current": { peer: "^1.0.0", source: manifestSource("current") },
  "smskit-provider-old-contract": { peer: "^0.9.0", source: manifestSource("old") },
  // Never imported: the range is judged from package.json, so its throwing entry does not matter.
  "smskit-provider-future": { peer: ">=2.0.0 <3.0.0", source: 'throw new Error("imported");' },
  "smskit-provider-spec-two": { source: manifestSource("spectwo", 2) },
  "smskit-provider-bad-range": { peer: "not a range", source: manifestSource("badrange") },
};

beforeAll(async () => {
  application = await mkdtemp(join(tmpdir(), "smskit-incompatible-"));
  await writeFile(
    join(application, "package.json"),
    JSON.stringify({
      name: "app",
      dependencies: Object.fromEntries(Object.keys(packages).map((name) => [name, "1.0.0"])),
    }),
  );
  for (const [name, { peer, source }] of Object.entries(packages)) {
    const directory = join(application, "node_modules", name);
    await mkdir(directory, { recursive: true });
    await writeFile(
      join(directory, "package.json"),
      JSON.stringify({
        name,
        version: "1.0.0",
        type: "module",
        smskit: { provider: "./index.js" },
        ...(peer ? { peerDependencies: { "@smskit/provider": peer } } : {}),
      }),
    );
    await writeFile(join(directory, "index.js"), source);
  }
});

afterAll(async () => {
  await rm(application, { recursive: true, force: true });
});

describe("provider packages made for another contract", () => {
  it("are reported in discoveryFailures with what to upgrade, and the others still load", async () => {
    const smskit = await createSmskit({ discover: { directory: application } });
    expect(smskit.providers().map((provider) => provider.id)).toEqual(["current"]);
    const failures = Object.fromEntries(
      smskit.discoveryFailures.map((failure) => [failure.package, failure]),
    );
    expect(Object.keys(failures).sort()).toEqual([
      "smskit-provider-bad-range",
      "smskit-provider-future",
      "smskit-provider-old-contract",
      "smskit-provider-spec-two",
    ]);
    expect(failures["smskit-provider-old-contract"]).toMatchObject({
      code: "SMSKIT_E_PROVIDER_INCOMPATIBLE",
      reason: expect.stringMatching(
        /^package smskit-provider-old-contract needs @smskit\/provider@"\^0\.9\.0", but this @smskit\/core runs with @smskit\/provider 1\.\d+\.\d+ \(specVersion 1\); upgrade smskit-provider-old-contract to a release made for @smskit\/provider \^1\.0\.0$/,
      ),
    });
    expect(failures["smskit-provider-future"]).toMatchObject({
      code: "SMSKIT_E_PROVIDER_INCOMPATIBLE",
      reason: expect.stringContaining(
        "; upgrade @smskit/core to a release that brings @smskit/provider >=2.0.0 <3.0.0",
      ),
    });
    expect(failures["smskit-provider-spec-two"]).toMatchObject({
      code: "SMSKIT_E_MANIFEST_SPEC_VERSION",
      reason: expect.stringContaining(
        "specVersion 2 is not supported; this @smskit/core supports specVersion 1 — upgrade @smskit/core",
      ),
    });
    expect(failures["smskit-provider-bad-range"]).toMatchObject({
      code: "SMSKIT_E_PROVIDER_INCOMPATIBLE",
      reason: expect.stringContaining(
        'declares the peer range @smskit/provider@"not a range", which is not a semver range',
      ),
    });
    await smskit.close();
  });
});
