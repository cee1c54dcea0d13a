import { type AnyProviderManifest, errorCodes } from "@smskit/provider";
import {
  defaultSendTimeoutMs,
  fail,
  requireFixture,
  safeStringify,
  sendExpectingFailure,
  until,
  withGateway,
} from "./conformance-harness.js";
import { type ConformanceFixtures, conformanceGatewayName, conformanceMessage } from "./conformance-types.js";

// The checks that send through a gateway aimed at the fixtures' fakes.

export async function checkDelivers(
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
): Promise<void> {
  const target = await fixtures.working();
  await withGateway(manifest, fixtures, target, async (smskit) => {
    const before = await target.delivered();
    const result = await smskit.send(conformanceGatewayName, target.recipient, conformanceMessage);
    if (result.gateway !== conformanceGatewayName || result.provider !== manifest.id) {
      fail(manifest, `the send result names gateway '${result.gateway}' and provider '${result.provider}'`);
    }
    await until(async () => (await target.delivered()) > before, 2000);
    const delivered = (await target.delivered()) - before;
    if (delivered !== 1) {
      fail(manifest, `one send must deliver exactly one message; the fake received ${delivered}`);
    }
  });
}

export async function checkErrorMapping(
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
): Promise<void> {
  const target = await requireFixture(manifest, fixtures, "unreachable", "error-mapping").call(fixtures);
  await withGateway(manifest, fixtures, { ...target, delivered: () => 0 }, async (smskit) => {
    const error = await sendExpectingFailure(
      manifest,
      smskit,
      target.recipient,
      {},
      "the unreachable gateway",
    );
    if (!error.code.startsWith("SMSKIT_E_"))
      fail(manifest, `error code ${error.code} does not start with SMSKIT_E_`);
    if (error.code === "SMSKIT_E_SEND_FAILED") {
      fail(
        manifest,
        `connection refused reached core unclassified (SMSKIT_E_SEND_FAILED: ${error.message}); throw an SmsError with the provider's own code`,
      );
    }
    if (!(error.code in errorCodes) && !(error.code in (manifest.errorCodes ?? {}))) {
      fail(manifest, `error code ${error.code} is neither core's nor declared in the manifest's errorCodes`);
    }
    if (error.gateway !== conformanceGatewayName) {
      fail(manifest, `the error names gateway ${String(error.gateway)}, not '${conformanceGatewayName}'`);
    }
    if (typeof error.retrySafe !== "boolean") fail(manifest, "the error's retrySafe is not a boolean");
  });
}

export async function checkSecretsNotEchoed(
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
): Promise<void> {
  const secret = requireFixture(manifest, fixtures, "secret", "secrets-not-echoed");
  const outputs: Array<{ where: string; text: string }> = [];
  const working = await fixtures.working();
  await withGateway(manifest, fixtures, working, async (smskit, logged) => {
    const result = await smskit.send(conformanceGatewayName, working.recipient, conformanceMessage);
    outputs.push({ where: "the send result", text: JSON.stringify(result) });
    outputs.push({
      where: "the stored definition as read back",
      text: JSON.stringify(await smskit.getGateway(conformanceGatewayName)),
    });
    outputs.push(...logged.map((text) => ({ where: "the log", text })));
  });
  if (fixtures.unreachable) {
    const unreachable = await fixtures.unreachable();
    await withGateway(manifest, fixtures, { ...unreachable, delivered: () => 0 }, async (smskit, logged) => {
      const error = await sendExpectingFailure(
        manifest,
        smskit,
        unreachable.recipient,
        {},
        "the unreachable gateway",
      );
      outputs.push({ where: "the error message", text: error.message });
      outputs.push({ where: "the error's JSON", text: JSON.stringify(error) });
      outputs.push({ where: "the error's details", text: safeStringify(error.details) });
      outputs.push(...logged.map((text) => ({ where: "the log", text })));
    });
  }
  const leaks = outputs.filter(({ text }) => text.includes(secret.value));
  if (leaks.length > 0) {
    const shown = leaks
      .map(({ where, text }) => `${where}: ${text.split(secret.value).join("«SECRET»").slice(0, 300)}`)
      .join("\n  ");
    fail(manifest, `the value of the secret parameter ${secret.parameter} appeared in output:\n  ${shown}`);
  }
}

export async function checkDeadline(
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
): Promise<void> {
  const target = await requireFixture(manifest, fixtures, "unresponsive", "deadline").call(fixtures);
  const timeoutMs = fixtures.sendTimeoutMs ?? defaultSendTimeoutMs;
  await withGateway(manifest, fixtures, target, async (smskit) => {
    const started = performance.now();
    await sendExpectingFailure(manifest, smskit, target.recipient, { timeoutMs }, "the unresponsive gateway");
    const elapsed = Math.round(performance.now() - started);
    if (elapsed > timeoutMs + 1500) {
      fail(manifest, `with a ${timeoutMs} ms deadline the send failed only after ${elapsed} ms`);
    }
  });
}

export async function checkAbort(
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
): Promise<void> {
  const target = await requireFixture(manifest, fixtures, "unresponsive", "abort").call(fixtures);
  await withGateway(manifest, fixtures, target, async (smskit) => {
    const controller = new AbortController();
    let abortedAt = Number.POSITIVE_INFINITY;
    const timer = setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, 100);
    try {
      await sendExpectingFailure(
        manifest,
        smskit,
        target.recipient,
        { signal: controller.signal, timeoutMs: 60_000 },
        "the unresponsive gateway",
      );
    } finally {
      clearTimeout(timer);
    }
    const elapsed = Math.round(performance.now() - abortedAt);
    if (!(elapsed <= 1500))
      fail(manifest, `the send failed ${elapsed} ms after the abort, not within 1500 ms`);
  });
}

export async function checkClose(
  manifest: AnyProviderManifest,
  fixtures: ConformanceFixtures,
): Promise<void> {
  const target = await fixtures.working();
  const openConnections = target.openConnections?.bind(target);
  if (!openConnections) {
    await target.teardown();
    fail(
      manifest,
      'check "close" needs the working target to provide openConnections(); provide it, or list "close" in fixtures.skip with the reason',
    );
  }
  await withGateway(manifest, fixtures, target, async (smskit) => {
    await smskit.send(conformanceGatewayName, target.recipient, conformanceMessage);
    await smskit.close();
    const released = await until(() => openConnections() === 0, 2000);
    if (!released) {
      fail(manifest, `after smskit.close() ${openConnections()} connection(s) to the fake are still open`);
    }
  });
}
