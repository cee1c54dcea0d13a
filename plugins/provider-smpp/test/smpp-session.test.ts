import { afterEach, describe, expect, it } from "vitest";
import { closeAll, smscGateway } from "./smsc-gateway.js";

afterEach(closeAll);

describe("one session per gateway", () => {
  it("sends 1,000 messages over one bind, never more than WINDOW submits outstanding", async () => {
    const gateway = await smscGateway(
      {},
      // Answer a little later so that submits pile up to the window.
      { behaviour: { answerDelayMs: 2 } },
    );
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, index) => gateway.send(`+49170${index}`, `code ${index}`)),
    );
    const { simulator } = gateway;
    expect(simulator.binds).toHaveLength(1);
    expect(simulator.connectionsOpened).toBe(1);
    expect(simulator.messages).toHaveLength(1000);
    expect(simulator.maxOutstanding).toBeLessThanOrEqual(10);
    expect(simulator.maxOutstanding).toBeGreaterThan(1);
    expect(new Set(results.map((result) => result.messageId)).size).toBe(1000);
  });

  it("honours a smaller WINDOW given as privacyIDEA's string", async () => {
    const gateway = await smscGateway({ WINDOW: "3" }, { behaviour: { answerDelayMs: 5 } });
    await Promise.all(Array.from({ length: 60 }, (_, index) => gateway.send("+4917012345678", `m${index}`)));
    expect(gateway.simulator.maxOutstanding).toBe(3);
    expect(gateway.simulator.binds).toHaveLength(1);
  });

  it("counts every part of a split message against the window", async () => {
    const gateway = await smscGateway({ WINDOW: 2 }, { behaviour: { answerDelayMs: 5 } });
    const result = await gateway.send("+4917012345678", "x".repeat(153 * 5));
    expect(result.parts).toBe(5);
    expect(gateway.simulator.maxOutstanding).toBe(2);
  });

  it("opens the session only at the first send, not when the gateway is saved", async () => {
    const gateway = await smscGateway();
    expect(gateway.simulator.connectionsOpened).toBe(0);
    await gateway.send("+4917012345678", "now");
    expect(gateway.simulator.connectionsOpened).toBe(1);
  });
});
