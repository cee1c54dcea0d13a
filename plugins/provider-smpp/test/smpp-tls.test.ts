import { getCACertificates, setDefaultCACertificates } from "node:tls";
import { testCertificate } from "@smskit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { closeAll, expectSmsError, smscGateway } from "./smsc-gateway.js";

afterEach(closeAll);

describe("SMPP over TLS", () => {
  it("refuses an SMSC whose certificate is not trusted, as a connection error; nothing is bound", async () => {
    const gateway = await smscGateway({ TLS: "yes" }, { tls: true });
    const error = await expectSmsError(gateway.send("+4917012345678", "x"), "SMSKIT_E_SMPP_CONNECT");
    expect(error.message).toMatch(/certificate/i);
    expect(error.message).toContain("(TLS)");
    expect(gateway.simulator.binds).toHaveLength(0);
  });

  it("binds and delivers over TLS when the certificate is trusted", async () => {
    // This test file runs in its own worker: trusting the test certificate here affects nothing else.
    setDefaultCACertificates([...getCACertificates("default"), testCertificate().cert]);
    const gateway = await smscGateway({ TLS: "yes" }, { tls: true });
    const result = await gateway.send("+4917012345678", "über TLS €");
    expect(gateway.simulator.messages[0]?.text).toBe("über TLS €");
    expect(result.messageId).toBe(gateway.simulator.messages[0]?.messageIds[0]);
    await gateway.smskit.close();
    expect(gateway.simulator.unbinds).toBe(1);
  });

  it("does not talk TLS to a plain SMSC when TLS is off (the default)", async () => {
    const gateway = await smscGateway({ TLS: "no" });
    await gateway.send("+4917012345678", "plain");
    expect(gateway.simulator.messages).toHaveLength(1);
  });
});
