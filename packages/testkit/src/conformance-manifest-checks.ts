import { createContainer, isSecretKey, providerRegistry, registerProvider } from "@smskit/core";
import type { AnyProviderManifest } from "@smskit/provider";
import { describeError, fail, parameterEntries } from "./conformance-harness.js";
import type { ConformanceFixtures } from "./conformance-types.js";
import { timerLimitMs, unboundedTimeParameters } from "./time-limits.js";

// The checks that read the manifest alone, without sending.

export async function checkManifestRegistration(manifest: AnyProviderManifest): Promise<void> {
  const container = createContainer();
  // The schema is compiled at its first use; a conformance run compiles it now.
  const registered = registerProvider(container, manifest);
  if (typeof registered.validateParameters !== "function")
    fail(manifest, "its parameter schema did not compile");
  let duplicate: unknown;
  try {
    registerProvider(container, manifest);
  } catch (error) {
    duplicate = error;
  }
  if (
    !(duplicate instanceof Error) ||
    (duplicate as { code?: unknown }).code !== "SMSKIT_E_MANIFEST_DUPLICATE"
  ) {
    fail(
      manifest,
      `registering it twice must fail with SMSKIT_E_MANIFEST_DUPLICATE, but ${duplicate === undefined ? "it succeeded" : `threw ${describeError(duplicate)}`}`,
    );
  }
  if (providerRegistry(container).get(manifest.id)?.manifest !== manifest) {
    fail(manifest, "the first registration did not survive the refused duplicate");
  }
}

export async function checkDescriptions(manifest: AnyProviderManifest): Promise<void> {
  const missing = parameterEntries(manifest)
    .filter(([, schema]) => typeof schema.description !== "string" || schema.description.trim() === "")
    .map(([name]) => name);
  if (missing.length > 0) fail(manifest, `parameters without a description: ${missing.join(", ")}`);
  const unbounded = unboundedTimeParameters(manifest.parameters.properties as Record<string, unknown>);
  if (unbounded.length > 0) {
    fail(
      manifest,
      `time values need a schema maximum a timer can hold (at most ${timerLimitMs} ms, e.g. maximum: 86400 for seconds); without one: ${unbounded.join(", ")}`,
    );
  }
  const badCodes = Object.entries(manifest.errorCodes ?? {})
    .filter(([code, meaning]) => !/^SMSKIT_E_[A-Z0-9_]+$/.test(code) || String(meaning).trim() === "")
    .map(([code]) => code);
  if (badCodes.length > 0) {
    fail(
      manifest,
      `errorCodes must be SMSKIT_E_<PROVIDER>_<WHAT> with a description; wrong: ${badCodes.join(", ")}`,
    );
  }
}

export async function checkSecretsWriteOnly(
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
): Promise<void> {
  const readable = parameterEntries(manifest)
    .filter(
      ([name, schema]) => (isSecretKey(name) || name === fixtures.secret?.parameter) && !schema.writeOnly,
    )
    .map(([name]) => name);
  if (readable.length > 0) {
    fail(manifest, `secret parameters must be marked writeOnly: true; not marked: ${readable.join(", ")}`);
  }
}
