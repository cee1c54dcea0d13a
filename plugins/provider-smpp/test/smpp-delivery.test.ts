import { afterEach, describe, expect, it } from "vitest";
import { closeAll, credentials, smscGateway } from "./smsc-gateway.js";

afterEach(closeAll);

describe("delivery to the SMSC", () => {
  it("binds as transmitter with the credentials and submits to the rewritten number with S_ADDR and every TON/NPI", async () => {
    const gateway = await smscGateway({
      SYSTEM_TYPE: "OTP",
      S_ADDR: "ACME",
      S_ADDR_TON: "5",
      S_ADDR_NPI: "0",
      D_ADDR_TON: "1",
      // privacyIDEA parses TON/NPI with parse_int, so "0x01" is stored as well as "1".
      D_ADDR_NPI: "0x01",
      REGEXP: "/^0/49/",
    });
    const result = await gateway.send("01701234567", "Your code is 123456");

    const { binds, submits, messages } = gateway.simulator;
    expect(binds).toHaveLength(1);
    expect(binds[0]).toMatchObject({
      command: "bind_transmitter",
      systemId: credentials.systemId,
      password: credentials.password,
      systemType: "OTP",
      interfaceVersion: 0x34,
      status: 0,
    });
    expect(submits).toHaveLength(1);
    expect(submits[0]).toMatchObject({
      sourceAddr: "ACME",
      sourceAddrTon: 5,
      sourceAddrNpi: 0,
      destinationAddr: "491701234567",
      destAddrTon: 1,
      destAddrNpi: 1,
      esmClass: 0,
      dataCoding: 0,
      text: "Your code is 123456",
    });
    // The submit_sm octets are encoded by the provider; the smpp package's parser reads them back.
    expect(submits[0]?.pdu).toMatchObject({
      command: "submit_sm",
      service_type: "",
      protocol_id: 0,
      priority_flag: 0,
      registered_delivery: 0,
      replace_if_present_flag: 0,
      sm_default_msg_id: 0,
    });
    expect(result).toMatchObject({
      gateway: "smsc",
      provider: "smpp",
      to: "491701234567",
      parts: 1,
      messageId: messages[0]?.messageIds[0],
      messageIds: messages[0]?.messageIds,
    });
  });

  it("sends GSM text with extension characters (€ [ ] { } \\ ~ | ^) as data_coding 0, each one escape plus code", async () => {
    const gateway = await smscGateway();
    const text = "Preis: 5€ [alt] {neu} a\\b ~|^ @£$¥ èéùìò";
    const result = await gateway.send("+4917012345678", text);
    const [submit] = gateway.simulator.submits;
    expect(submit?.dataCoding).toBe(0);
    expect(submit?.text).toBe(text);
    expect(result.parts).toBe(1);
    expect(result.details).toMatchObject({ encoding: "gsm7" });
  });

  it("sends Unicode text with emoji as UCS-2 (data_coding 8)", async () => {
    const gateway = await smscGateway();
    const text = "Grüße 👋 Ваш код: 4711 😀 中文 ç";
    await gateway.send("+4917012345678", text);
    const [submit] = gateway.simulator.submits;
    expect(submit?.dataCoding).toBe(8);
    expect(submit?.text).toBe(text);
    expect(gateway.simulator.messages[0]?.text).toBe(text);
  });

  it("splits a 400-character GSM text into 3 concatenated parts that reassemble exactly", async () => {
    const gateway = await smscGateway();
    const text = Array.from({ length: 400 }, (_, index) => "abcdefghij€[]0123456789 "[index % 24]).join("");
    expect(text).toHaveLength(400);
    const result = await gateway.send("+4917012345678", text);
    const { submits, messages } = gateway.simulator;
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toBe(text);
    expect(result.parts).toBe(messages[0]?.parts);
    expect(result.parts).toBe(submits.length);
    expect(result.parts).toBeGreaterThanOrEqual(3);
    expect(result.messageIds).toEqual(messages[0]?.messageIds);
    expect(result.messageId).toBe(messages[0]?.messageIds[0]);
    const references = new Set(submits.map((submit) => submit.concatenation?.reference));
    expect(references.size).toBe(1);
    for (const submit of submits) {
      expect(submit.esmClass & 0x40).toBe(0x40);
      expect(submit.dataCoding).toBe(0);
      expect(submit.concatenation?.total).toBe(submits.length);
    }
  });

  it("splits a 200-character UCS-2 text into parts of 67 code units that reassemble exactly", async () => {
    const gateway = await smscGateway();
    const text =
      Array.from({ length: 100 }, (_, index) => (index % 10 === 9 ? "😀" : "Ж")).join("") + "й".repeat(90);
    expect(text).toHaveLength(200);
    const result = await gateway.send("+4917012345678", text);
    const { submits, messages } = gateway.simulator;
    expect(messages[0]?.text).toBe(text);
    expect(result.parts).toBe(3);
    expect(submits.map((submit) => submit.text.length).every((length) => length <= 67)).toBe(true);
    expect(submits.every((submit) => submit.dataCoding === 8)).toBe(true);
  });

  it("sends an empty text as one empty SMS", async () => {
    const gateway = await smscGateway();
    const result = await gateway.send("+4917012345678", "");
    expect(result.parts).toBe(1);
    expect(gateway.simulator.messages[0]?.text).toBe("");
  });
});
