import { closedPort, smppStatus } from "@smskit/testkit";
import { afterEach, describe, expect, it } from "vitest";
import {
  closeAll,
  credentials,
  eventually,
  expectSmsError,
  gatewayFor,
  smscGateway,
} from "./smsc-gateway.js";

afterEach(closeAll);

describe("bind and connection failures", () => {
  it("reports a wrong password as SMSKIT_E_SMPP_BIND_REFUSED naming ESME_RINVPASWD, quickly and without the password", async () => {
    const gateway = await smscGateway({ PASSWORD: "wrongpw1", TIMEOUT: 2 });
    const started = Date.now();
    const error = await expectSmsError(gateway.send("+4917012345678", "x"), "SMSKIT_E_SMPP_BIND_REFUSED");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.message).toContain("ESME_RINVPASWD");
    expect(error.message).toContain("PASSWORD");
    expect(error.message).not.toContain("wrongpw1");
    expect(JSON.stringify(error)).not.toContain("wrongpw1");
    expect(error.retrySafe).toBe(true);
    expect(error.details).toMatchObject({ statusName: "ESME_RINVPASWD" });
    expect(gateway.simulator.binds).toHaveLength(1);
    expect(gateway.simulator.submits).toHaveLength(0);
  });

  it("is not retried: a send right after the refusal fails at once with the same status, without a new bind", async () => {
    const gateway = await smscGateway({ PASSWORD: "wrongpw1" });
    await expectSmsError(gateway.send("+4917012345678", "x"), "SMSKIT_E_SMPP_BIND_REFUSED");
    const again = await expectSmsError(gateway.send("+4917012345678", "x"), "SMSKIT_E_SMPP_BIND_REFUSED");
    expect(again.message).toContain("ESME_RINVPASWD");
    expect(gateway.simulator.binds).toHaveLength(1);
  });

  it("reports a wrong system id as ESME_RINVSYSID", async () => {
    const gateway = await smscGateway({ SYSTEM_ID: "someone" });
    const error = await expectSmsError(gateway.send("+4917012345678", "x"), "SMSKIT_E_SMPP_BIND_REFUSED");
    expect(error.message).toContain("ESME_RINVSYSID");
    expect(error.message).toContain("SYSTEM_ID");
  });

  it("reports a refused connection as SMSKIT_E_SMPP_CONNECT naming the SMSC, retry-safe", async () => {
    const port = await closedPort();
    const smskit = await gatewayFor({ SMSC_HOST: "127.0.0.1", SMSC_PORT: port, TIMEOUT: 2, ...passwords() });
    const started = Date.now();
    const error = await expectSmsError(smskit.send("smsc", "+4917012345678", "x"), "SMSKIT_E_SMPP_CONNECT");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.retrySafe).toBe(true);
    expect(error.deliveryUnknown).toBe(false);
  });

  it("times a bind that is never answered out after TIMEOUT", async () => {
    const gateway = await smscGateway({ TIMEOUT: 0.5 }, { behaviour: { bind: () => "hang" } });
    const started = Date.now();
    // The one assertion changed by the split of SMSKIT_E_SMPP_TIMEOUT: connect and bind have their own code.
    const error = await expectSmsError(gateway.send("+4917012345678", "x"), "SMSKIT_E_SMPP_CONNECT_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(500 + 1500);
    expect(error.message).toContain("bind");
    expect(error.retrySafe).toBe(true);
  });
});

describe("submit answers", () => {
  it("fails a submit the SMSC never answers after TIMEOUT, delivery unknown, and keeps the session for later sends", async () => {
    const gateway = await smscGateway({ TIMEOUT: 1 }, { behaviour: { submit: () => "hang" } });
    const started = Date.now();
    const error = await expectSmsError(gateway.send("+4917012345678", "x"), "SMSKIT_E_SMPP_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(1000 + 1500);
    expect(error.deliveryUnknown).toBe(true);
    expect(error.retrySafe).toBe(false);
    expect(error.message).toContain("submit_sm");

    gateway.simulator.setBehaviour({});
    await gateway.send("+4917012345678", "second");
    expect(gateway.simulator.binds).toHaveLength(1);
    expect(gateway.simulator.messages.map((message) => message.text)).toEqual(["second"]);
  });

  it("retries ESME_RTHROTTLED with backoff and delivers once the SMSC accepts", async () => {
    const gateway = await smscGateway(
      {},
      { behaviour: { submit: (_submit, count) => (count <= 2 ? smppStatus.ESME_RTHROTTLED : 0) } },
    );
    const result = await gateway.send("+4917012345678", "throttled at first");
    const { submits, messages } = gateway.simulator;
    expect(submits.map((submit) => submit.status)).toEqual([
      smppStatus.ESME_RTHROTTLED,
      smppStatus.ESME_RTHROTTLED,
      0,
    ]);
    expect(messages).toHaveLength(1);
    expect(result.messageId).toBe(submits[2]?.messageId);
  });

  it("retries ESME_RMSGQFUL like throttling, but only within the send's deadline", async () => {
    const gateway = await smscGateway({}, { behaviour: { submit: () => smppStatus.ESME_RMSGQFUL } });
    const started = Date.now();
    const error = await expectSmsError(
      gateway.send("+4917012345678", "x", { timeoutMs: 600 }),
      "SMSKIT_E_SEND_TIMEOUT",
    );
    expect(Date.now() - started).toBeLessThan(600 + 1500);
    expect(error.deliveryUnknown).toBe(true);
    expect(gateway.simulator.submits.length).toBeGreaterThanOrEqual(2);
  });

  it("fails any other error status with its name, without retrying", async () => {
    const gateway = await smscGateway({}, { behaviour: { submit: () => smppStatus.ESME_RINVDSTADR } });
    const error = await expectSmsError(gateway.send("+4917012345678", "x"), "SMSKIT_E_SMPP_SUBMIT_REFUSED");
    expect(error.message).toContain("ESME_RINVDSTADR");
    expect(error.details).toMatchObject({
      status: smppStatus.ESME_RINVDSTADR,
      statusName: "ESME_RINVDSTADR",
    });
    expect(error.retrySafe).toBe(true);
    expect(error.deliveryUnknown).toBe(false);
    expect(gateway.simulator.submits).toHaveLength(1);
  });
});

describe("a long text whose parts fare differently", () => {
  it("fails with the refused part's status, not retry-safe, saying how many parts were accepted", async () => {
    const gateway = await smscGateway(
      {},
      { behaviour: { submit: (_submit, count) => (count === 2 ? smppStatus.ESME_RSYSERR : 0) } },
    );
    // The one assertion changed by the split: a refused part after accepted ones has its own code.
    const error = await expectSmsError(
      gateway.send("+4917012345678", "z".repeat(400)),
      "SMSKIT_E_SMPP_PARTLY_SENT",
    );
    expect(error.message).toContain("ESME_RSYSERR");
    expect(error.message).toContain("2 of 3 parts were accepted");
    expect(error.retrySafe).toBe(false);
    expect(error.details).toMatchObject({ partsAccepted: 2, parts: 3 });
    expect(gateway.simulator.messages).toHaveLength(0);
  });
});

describe("a link that dies", () => {
  it("fails the submits in flight as delivery unknown and carries on with a new session", async () => {
    const gateway = await smscGateway({ WINDOW: 4 }, { behaviour: { dropAfter: 6, answerDelayMs: 5 } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, index) => gateway.send("+4917012345678", `message ${index}`)),
    );
    const failed = outcomes.filter((outcome) => outcome.status === "rejected");
    const delivered = outcomes.filter((outcome) => outcome.status === "fulfilled");
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.length).toBeLessThanOrEqual(4);
    for (const failure of failed) {
      const error = (failure as PromiseRejectedResult).reason as { code: string; deliveryUnknown: boolean };
      expect(error.code).toBe("SMSKIT_E_SMPP_LINK_LOST");
      expect(error.deliveryUnknown).toBe(true);
    }
    expect(delivered.length).toBe(30 - failed.length);
    const { binds, messages, submits } = gateway.simulator;
    expect(binds.filter((bind) => bind.status === 0)).toHaveLength(2);
    expect(messages.length).toBe(delivered.length);
    expect(new Set(submits.slice(6).map((submit) => submit.connection))).toEqual(new Set([2]));

    const after = await gateway.send("+4917012345678", "after the drop");
    expect(after.messageId).toBe(messages.at(-1)?.messageIds[0]);
  });

  it("reconnects in the background after the SMSC drops an idle session", async () => {
    const gateway = await smscGateway();
    await gateway.send("+4917012345678", "first");
    gateway.simulator.dropConnections();
    await eventually(() => gateway.simulator.binds.length === 2);
    await gateway.send("+4917012345678", "second");
    expect(gateway.simulator.connectionsOpened).toBe(2);
    expect(gateway.simulator.messages.map((message) => message.text)).toEqual(["first", "second"]);
  });

  it("sends enquire_link at the interval and drops a session whose enquire_link goes unanswered", async () => {
    const gateway = await smscGateway({ ENQUIRE_LINK: 0.1, TIMEOUT: 0.3 });
    await gateway.send("+4917012345678", "first");
    await eventually(() => gateway.simulator.enquireLinks >= 2);
    expect(gateway.simulator.binds).toHaveLength(1);

    gateway.simulator.setBehaviour({ answerEnquireLink: false });
    await eventually(() => gateway.simulator.binds.length >= 2);
    gateway.simulator.setBehaviour({});
    await gateway.send("+4917012345678", "second");
    expect(gateway.simulator.messages).toHaveLength(2);
  });
});

describe("check and close", () => {
  it("check() binds and unbinds with the credentials", async () => {
    const gateway = await smscGateway();
    await gateway.smskit.checkGateway("smsc");
    expect(gateway.simulator.binds).toHaveLength(1);
    expect(gateway.simulator.binds[0]?.password).toBe(credentials.password);
    await eventually(() => gateway.simulator.unbinds === 1 && gateway.simulator.openConnections === 0);
  });

  it("check() fails with the SMSC's status for a wrong password", async () => {
    const gateway = await smscGateway({ PASSWORD: "nope" });
    const error = await expectSmsError(gateway.smskit.checkGateway("smsc"), "SMSKIT_E_SMPP_BIND_REFUSED");
    expect(error.message).toContain("ESME_RINVPASWD");
  });

  it("close() unbinds and closes the session", async () => {
    const gateway = await smscGateway();
    await gateway.send("+4917012345678", "x");
    expect(gateway.simulator.openConnections).toBe(1);
    await gateway.smskit.close();
    expect(gateway.simulator.unbinds).toBe(1);
    await eventually(() => gateway.simulator.openConnections === 0);
  });
});

function passwords() {
  return { SYSTEM_ID: credentials.systemId, PASSWORD: credentials.password };
}
