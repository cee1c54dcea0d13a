import { createSmskit, type Smskit } from "@smskit/core";
import { type SmscSimulator, startSmscSimulator } from "@smskit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import smppProvider from "../src/index.js";
import { credentials, eventually } from "./smsc-gateway.js";

let smskit: Smskit | undefined;
let simulator: SmscSimulator | undefined;
afterEach(async () => {
  await smskit?.close();
  await simulator?.close();
  smskit = undefined;
  simulator = undefined;
});

describe("an idle SMPP gateway", () => {
  it("unbinds cleanly after the idle time and binds again at the next send", async () => {
    const smsc = await startSmscSimulator({ ...credentials });
    simulator = smsc;
    const kit = await createSmskit({ providers: [smppProvider], instances: { idleMs: 300 } });
    smskit = kit;
    await kit.saveGateway({
      name: "smsc",
      provider: "smpp",
      parameters: {
        SMSC_HOST: smsc.host,
        SMSC_PORT: smsc.port,
        SYSTEM_ID: credentials.systemId,
        PASSWORD: credentials.password,
      },
    });
    await kit.send("smsc", "+4917012345678", "first");
    expect(smsc.binds).toHaveLength(1);
    expect(smsc.openConnections).toBe(1);
    await eventually(() => smsc.unbinds === 1 && smsc.openConnections === 0, 5000);
    expect(kit.metricsText()).toContain("smskit_provider_instances 0");
    await kit.send("smsc", "+4917012345678", "second");
    expect(smsc.binds).toHaveLength(2);
    expect(smsc.binds.every((bind) => bind.status === 0)).toBe(true);
    expect(smsc.messages.map((message) => message.text)).toEqual(["first", "second"]);
    expect(smsc.connectionsOpened).toBe(2);
  });
});
