import { describe, expect, it } from "vitest";
import { parseDeliveryReceipt } from "../src/delivery-receipt.js";
import { receiptIdForms } from "../src/receipt-id-forms.js";
import { receiptOfPdu } from "../src/receipt-pdu.js";

type PDU = Parameters<typeof receiptOfPdu>[0];

const mask = (recipient: string) => `${"*".repeat(recipient.length - 4)}${recipient.slice(-4)}`;
const done = Date.UTC(2026, 11, 2, 13, 5);

describe("delivery receipts", () => {
  it.each([
    [
      "the standard text form",
      {
        text: "id:7A3F0B sub:001 dlvrd:001 submit date:2612021304 done date:2612021305 stat:DELIVRD err:000 text:Your code is 1234",
      },
      { messageId: "7A3F0B", status: "delivered", at: done },
    ],
    [
      "without sub and dlvrd",
      { text: "id:12345 submit date:2612021304 done date:2612021305 stat:UNDELIV err:001" },
      { messageId: "12345", status: "undelivered", errorCode: "001" },
    ],
    [
      "an empty text",
      {
        text: "id:1 sub:001 dlvrd:000 submit date:2612021304 done date:2612021305 stat:EXPIRED err:000 text:",
      },
      { messageId: "1", status: "expired" },
    ],
    [
      "a '-' text",
      { text: "id:1 stat:REJECTD err:069 text:-" },
      { messageId: "1", status: "rejected", errorCode: "069" },
    ],
    [
      "Text: capitalised",
      {
        text: "id:1 sub:001 dlvrd:001 submit date:2612021304 done date:2612021305 stat:DELIVRD err:000 Text:hello",
      },
      { messageId: "1", status: "delivered" },
    ],
    [
      "a UUID id",
      { text: "id:3f2c1a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b stat:DELIVRD err:000" },
      { messageId: "3f2c1a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", status: "delivered" },
    ],
    [
      "12-digit dates",
      { text: "id:9 submit date:261202130400 done date:261202130512 stat:DELIVRD err:000" },
      { at: done + 12_000 },
    ],
    ["DELETED", { text: "id:9 stat:DELETED" }, { status: "undelivered" }],
    ["ENROUTE", { text: "id:9 stat:ENROUTE" }, { status: "enroute" }],
    ["ACCEPTD (the SMSC took it; not final)", { text: "id:9 stat:ACCEPTD" }, { status: "enroute" }],
    ["UNKNOWN", { text: "id:9 stat:UNKNOWN" }, { status: "unknown" }],
    ["a word no one documents", { text: "id:9 stat:WHATEVR" }, { status: "unknown" }],
    ["lower-case keys and stat", { text: "ID:9 Stat:delivrd" }, { messageId: "9", status: "delivered" }],
    [
      "TLVs win over the text",
      { text: "id:111 stat:UNDELIV", receiptedMessageId: "0A1B\0", messageState: 2 },
      { messageId: "0A1B", status: "delivered" },
    ],
    [
      "TLVs alone",
      { text: "", receiptedMessageId: "55", messageState: 3 },
      { messageId: "55", status: "expired" },
    ],
    [
      "message_state REJECTED",
      { text: "", receiptedMessageId: "55", messageState: 8 },
      { status: "rejected" },
    ],
    [
      "message_state ACCEPTED",
      { text: "", receiptedMessageId: "55", messageState: 6 },
      { status: "enroute" },
    ],
  ])("reads %s", (_name, pdu, expected) => {
    expect(parseDeliveryReceipt(pdu, mask)).toMatchObject(expected);
  });

  it("keeps the raw receipt without the message text and with the recipient masked", () => {
    const report = parseDeliveryReceipt(
      {
        text: "id:1 sub:001 dlvrd:001 submit date:2612021304 done date:2612021305 stat:DELIVRD err:000 text:Your code is 918273",
        sourceAddr: "4917012345678",
      },
      mask,
    );
    expect(report?.raw).toBe(
      "from *********5678: id:1 sub:001 dlvrd:001 submit date:2612021304 done date:2612021305 stat:DELIVRD err:000",
    );
    expect(report?.errorCode).toBeUndefined();
  });

  it("is not a receipt without an id or a status", () => {
    expect(
      parseDeliveryReceipt({ text: "Hello, this is a mobile-originated message" }, mask),
    ).toBeUndefined();
    expect(parseDeliveryReceipt({ text: "id:5 no status here" }, mask)).toBeUndefined();
    expect(
      parseDeliveryReceipt({ text: "id:1 done date:2613451399 stat:DELIVRD" }, mask)?.at,
    ).toBeUndefined();
  });
});

describe("receiptOfPdu", () => {
  it("gives the recipient apart from the raw receipt, for the log to keep as its setting says", () => {
    const report = receiptOfPdu({
      esm_class: 0x04,
      source_addr: "4917012345678",
      short_message: { message: "id:1A2B3C stat:DELIVRD err:000 text:Your code is 918273" },
    } as unknown as PDU);
    expect(report).toMatchObject({ messageId: "1A2B3C", status: "delivered", recipient: "4917012345678" });
    expect(report?.raw).toBe("id:1A2B3C stat:DELIVRD err:000");
    expect(report?.alternativeIds).toContain("1715004");
  });

  it("is undefined for a mobile-originated message", () => {
    expect(
      receiptOfPdu({ esm_class: 0, short_message: { message: "hello" } } as unknown as PDU),
    ).toBeUndefined();
  });
});

describe("receiptIdForms", () => {
  it.each([
    [
      "a decimal id: its hexadecimal forms, plain and padded",
      "1715004",
      ["1a2b3c", "1A2B3C", "001a2b3c", "001A2B3C", "00001a2b3c", "00000000001A2B3C"],
    ],
    ["a hexadecimal id: its decimal form and the other letter case", "1A2B3C", ["1715004", "1a2b3c"]],
    ["a padded hexadecimal id: without the zeros", "000000FF", ["255", "ff", "FF", "000000ff"]],
    ["a decimal id with leading zeros: without them", "00042", ["42", "2a", "2A", "66"]],
  ])("%s", (_name, id, expected) => {
    const forms = receiptIdForms(id);
    for (const form of expected) expect(forms, form).toContain(form);
    expect(forms).not.toContain(id);
  });

  it("has none for ids that are not numbers, and none past 64 bits", () => {
    expect(receiptIdForms("0d4c7f2e-9b61-4f4e-8a55-7f3d2c1b0a99")).toEqual([]);
    expect(receiptIdForms("msg-42")).toEqual([]);
    expect(receiptIdForms("123456789012345678901234")).toEqual([]);
  });
});
