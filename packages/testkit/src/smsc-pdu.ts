import type { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import type { Server, Socket } from "node:net";
import type { SmscConcatenation, SmscReceipt, SmscSubmit } from "./smsc-types.js";

/** The `smpp` package's server side, as far as the simulator uses it (the package has no types). */
export interface ServerPdu {
  readonly command: string;
  readonly command_status: number;
  readonly sequence_number: number;
  readonly [field: string]: unknown;
  response(fields?: Record<string, unknown>): ServerPdu;
}

export interface ServerSession extends EventEmitter {
  readonly socket: Socket;
  send(pdu: ServerPdu, responseCallback?: () => void): boolean;
}

interface SmppServerModule {
  readonly PDU: new (command: string, fields?: Record<string, unknown>) => ServerPdu;
  createServer(options: { key?: string; cert?: string }, listener: (session: ServerSession) => void): Server;
}

export const smpp = createRequire(import.meta.url)("smpp") as SmppServerModule;

/** Send one delivery receipt (deliver_sm) for an accepted submit; `answered` runs when the client answers it. */
export function sendReceipt(
  session: ServerSession,
  submit: SmscSubmit,
  plan: SmscReceipt,
  answered: () => void,
): boolean {
  if (!session.socket.writable) return false;
  const receipt = new smpp.PDU("deliver_sm", {
    service_type: "",
    source_addr: submit.destinationAddr,
    destination_addr: submit.sourceAddr,
    esm_class: 0x04,
    short_message: plan.text ?? "",
    ...(plan.receiptedMessageId === undefined ? {} : { receipted_message_id: plan.receiptedMessageId }),
    ...(plan.messageState === undefined ? {} : { message_state: plan.messageState }),
  });
  session.send(receipt, answered);
  return true;
}

export function submitOf(pdu: ServerPdu, connection: number): SmscSubmit {
  const { udh, message } = shortMessageOf(pdu);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pdu)) if (typeof value !== "function") fields[key] = value;
  return {
    connection,
    sequenceNumber: pdu.sequence_number,
    serviceType: text(pdu.service_type),
    sourceAddr: text(pdu.source_addr),
    sourceAddrTon: integer(pdu.source_addr_ton),
    sourceAddrNpi: integer(pdu.source_addr_npi),
    destinationAddr: text(pdu.destination_addr),
    destAddrTon: integer(pdu.dest_addr_ton),
    destAddrNpi: integer(pdu.dest_addr_npi),
    esmClass: integer(pdu.esm_class),
    dataCoding: integer(pdu.data_coding),
    registeredDelivery: integer(pdu.registered_delivery),
    udh,
    concatenation: concatenationOf(udh),
    text: message,
    pdu: fields,
    status: undefined,
    messageId: undefined,
  };
}

/** The `smpp` package decodes short_message into `{ udh?, message }` by data_coding and esm_class. */
function shortMessageOf(pdu: ServerPdu): { udh: Buffer[]; message: string } {
  const value = isEmptyShortMessage(pdu.short_message) ? pdu.message_payload : pdu.short_message;
  if (typeof value === "string") return { udh: [], message: value };
  if (Buffer.isBuffer(value)) return { udh: [], message: value.toString("latin1") };
  if (value && typeof value === "object") {
    const decoded = value as { udh?: unknown; message?: unknown };
    const udh = Array.isArray(decoded.udh) ? decoded.udh.filter((item) => Buffer.isBuffer(item)) : [];
    const message = Buffer.isBuffer(decoded.message)
      ? decoded.message.toString("latin1")
      : typeof decoded.message === "string"
        ? decoded.message
        : "";
    return { udh, message };
  }
  return { udh: [], message: "" };
}

function isEmptyShortMessage(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Buffer.isBuffer(value)) return value.length === 0;
  if (typeof value === "object") {
    const message = (value as { message?: unknown }).message;
    return (
      (typeof message === "string" || Buffer.isBuffer(message)) &&
      message.length === 0 &&
      !(value as { udh?: unknown }).udh
    );
  }
  return false;
}

/** Information element 0x00 (8-bit reference) or 0x08 (16-bit reference). */
function concatenationOf(udh: readonly Buffer[]): SmscConcatenation | undefined {
  for (const element of udh) {
    if (element[0] === 0x00 && element.length >= 5) {
      return { reference: element[2] ?? 0, total: element[3] ?? 0, sequence: element[4] ?? 0 };
    }
    if (element[0] === 0x08 && element.length >= 6) {
      return { reference: element.readUInt16BE(2), total: element[4] ?? 0, sequence: element[5] ?? 0 };
    }
  }
  return undefined;
}

export function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function integer(value: unknown): number {
  return typeof value === "number" ? value : 0;
}
