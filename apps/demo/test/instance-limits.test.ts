import { afterEach, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

let demo: RunningDemo | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

async function openInstances(running: RunningDemo): Promise<number> {
  const metrics = await running.request("GET", "/metrics", { token: null });
  return Number(/^smskit_provider_instances (\d+)$/m.exec(metrics.text)?.[1]);
}

describe("provider instances in the demo", () => {
  it("close after SMSKIT_INSTANCE_IDLE_SECONDS, as /metrics shows", async () => {
    const running = await startDemo({ environment: { SMSKIT_INSTANCE_IDLE_SECONDS: "0.2" } });
    demo = running;
    const sent = await running.request("POST", "/api/gateways/sandbox/send", {
      body: { to: "1", message: "idle" },
    });
    expect(sent.status).toBe(200);
    expect(await openInstances(running)).toBe(1);
    const started = Date.now();
    while ((await openInstances(running)) !== 0) {
      if (Date.now() - started > 5000) throw new Error("the sandbox gateway's instance stayed open");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const metrics = await running.request("GET", "/metrics", { token: null });
    expect(metrics.text).toContain('smskit_provider_instances_closed_total{reason="idle"} 1');
  });

  it("refuses to start with a limit that is not a positive number, naming the variable", async () => {
    await expect(startDemo({ environment: { SMSKIT_INSTANCE_MAX: "many" } })).rejects.toThrow(
      /SMSKIT_INSTANCE_MAX must be a whole number above 0, not 'many'/,
    );
    await expect(startDemo({ environment: { SMSKIT_INSTANCE_IDLE_SECONDS: "-1" } })).rejects.toThrow(
      /SMSKIT_INSTANCE_IDLE_SECONDS/,
    );
  });
});
