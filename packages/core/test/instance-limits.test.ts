import { afterEach, describe, expect, it } from "vitest";
import { createSmskit, defineProvider, type Smskit, type SmskitOptions } from "../src/index.js";
import { type Receipting, receiptingProvider } from "./fixtures/receipting-provider.js";

/** What the tracking provider saw: instances made and closed, by gateway, and sends held open. */
interface Tracking {
  created: string[];
  closed: string[];
  /** Sends to these gateways wait until `open()` is called. */
  held: Map<string, { open: () => void; opened: Promise<void> }>;
}

function trackingProvider(tracking: Tracking) {
  return defineProvider({
    specVersion: 1,
    id: "tracking",
    kind: "sms",
    displayName: "Tracking",
    description: "Records which instances are made and closed.",
    optionsAllowed: false,
    headersAllowed: false,
    parameters: { type: "object", properties: {} },
    create(config) {
      tracking.created.push(config.gateway);
      return {
        async send() {
          await tracking.held.get(config.gateway)?.opened;
          return { messageId: "m" };
        },
        async close() {
          tracking.closed.push(config.gateway);
        },
      };
    },
  });
}

function hold(tracking: Tracking, gateway: string): () => void {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  tracking.held.set(gateway, { open, opened });
  return () => {
    tracking.held.delete(gateway);
    open();
  };
}

let smskit: Smskit | undefined;
let tracking: Tracking;
afterEach(async () => {
  await smskit?.close();
  smskit = undefined;
});

async function open(options: SmskitOptions, gateways: string[]): Promise<Smskit> {
  tracking = { created: [], closed: [], held: new Map() };
  smskit = await createSmskit({ providers: [trackingProvider(tracking)], ...options });
  for (const name of gateways) await smskit.saveGateway({ name, provider: "tracking", parameters: {} });
  return smskit;
}

/** The value of one line of the Prometheus text. */
function metric(kit: Smskit, series: string): number {
  const line = kit
    .metricsText()
    .split("\n")
    .find((entry) => entry.startsWith(`${series} `));
  return Number(line?.slice(series.length + 1));
}

async function eventually(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("the condition did not come true in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("provider instances", () => {
  it("stay open at most `max` at once, closing the least recently used first", async () => {
    let now = 1_000_000;
    const kit = await open({ instances: { max: 2 }, now: () => now }, ["a", "b", "c", "d"]);
    for (const name of ["a", "b", "a", "c"]) {
      now += 1000;
      await kit.send(name, "+4917012345678", "hello");
    }
    // b was used least recently when c needed a place; a was used again after b.
    await eventually(() => tracking.closed.length === 1);
    expect(tracking.closed).toEqual(["b"]);
    now += 1000;
    await kit.send("d", "+4917012345678", "hello");
    await eventually(() => tracking.closed.length === 2);
    expect(tracking.closed).toEqual(["b", "a"]);
    expect(metric(kit, "smskit_provider_instances")).toBe(2);
    expect(metric(kit, 'smskit_provider_instances_closed_total{reason="capacity"}')).toBe(2);
    now += 1000;
    await kit.send("b", "+4917012345678", "hello");
    expect(tracking.created).toEqual(["a", "b", "c", "d", "b"]);
  });

  it("never closes an instance with a send in flight, for the cap or for being idle", async () => {
    let now = 1_000_000;
    const kit = await open({ instances: { max: 1, idleMs: 40 }, now: () => now }, ["a", "b"]);
    const release = hold(tracking, "a");
    const inFlight = kit.send("a", "+4917012345678", "hello");
    await eventually(() => tracking.created.includes("a"));
    now += 60_000;
    await kit.send("b", "+4917012345678", "hello");
    // Over the cap and long idle by the clock, but a is leased: only b, idle, could be closed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(tracking.closed).not.toContain("a");
    release();
    await expect(inFlight).resolves.toMatchObject({ gateway: "a", messageId: "m" });
    now += 60_000;
    await eventually(() => tracking.closed.includes("a"));
    expect(metric(kit, "smskit_provider_instances")).toBe(0);
  });

  it("close after `idleMs` unused and open again at the next send", async () => {
    let now = 1_000_000;
    const kit = await open({ instances: { idleMs: 40 }, now: () => now }, ["a"]);
    await kit.send("a", "+4917012345678", "hello");
    expect(metric(kit, "smskit_provider_instances")).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The clock has not moved: the instance is not idle yet, however many sweeps ran.
    expect(tracking.closed).toEqual([]);
    now += 41;
    await eventually(() => tracking.closed.length === 1);
    expect(metric(kit, 'smskit_provider_instances_closed_total{reason="idle"}')).toBe(1);
    await kit.send("a", "+4917012345678", "hello");
    expect(tracking.created).toEqual(["a", "a"]);
  });

  it("count a receipt arriving on the instance's own connection as use", async () => {
    let now = 1_000_000;
    const receipting: Receipting = { contexts: [], nextIds: ["g-1"], early: [] };
    const kit = await createSmskit({
      providers: [receiptingProvider(receipting)],
      instances: { idleMs: 40 },
      now: () => now,
    });
    smskit = kit;
    await kit.saveGateway({ name: "otp", provider: "receipting", parameters: { TOKEN: "t" } });
    const { id } = await kit.send("otp", "+4917012345678", "hello");
    now += 30;
    receipting.contexts[0]?.receipt?.({ messageId: "g-1", status: "delivered" });
    now += 30;
    // 60 ms since the send, 30 since the receipt: not idle yet.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(metric(kit, "smskit_provider_instances")).toBe(1);
    expect((await kit.status(id))?.status).toBe("delivered");
    now += 20;
    await eventually(() => metric(kit, "smskit_provider_instances") === 0);
  });

  it("refuse limits that are not limits, naming the option", async () => {
    for (const instances of [{ idleMs: 0 }, { idleMs: Number.NaN }, { max: 0 }, { max: 1.5 }]) {
      await expect(open({ instances }, [])).rejects.toMatchObject({
        code: "SMSKIT_E_USAGE",
        message: expect.stringMatching(/instances\.(idleMs|max)/),
      });
    }
  });
});
