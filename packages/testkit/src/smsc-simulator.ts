import type { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import type { AddressInfo, Server, Socket } from "node:net";
import { type TestCertificate, testCertificate } from "./certificates.js";

/** What the simulator answers a request with: a command status (0 accepts), or "hang" to never answer. */
export type SmscAnswer = number | "hang";

/** How the simulator behaves; change it at any time with `setBehaviour`. */
export interface SmscBehaviour {
  /**
   * The answer to each submit_sm: `count` is 1 for the first submit the simulator received
   * (since it started or was `reset()`), 2 for the second, and so on. May answer later by returning a promise.
   * Default: accept (0).
   */
  submit?: (submit: SmscSubmit, count: number) => SmscAnswer | Promise<SmscAnswer>;
  /** Milliseconds to wait before answering each submit_sm (default 0: at once). */
  answerDelayMs?: number;
  /**
   * When the simulator has received this many submit_sm (counted like `count`), it destroys every
   * connection without answering that submit. Applies once, then clears itself.
   */
  dropAfter?: number;
  /** The answer to a bind whose credentials are right (default 0). Wrong ones are refused regardless. */
  bind?: (bind: SmscBind) => SmscAnswer;
  /** Whether enquire_link is answered (default true). */
  answerEnquireLink?: boolean;
  /**
   * Delivery receipts (deliver_sm) to send for an accepted submit, on its connection when it is
   * bound as transceiver: each before the submit's answer or after it (default), in list order.
   */
  receipts?: (submit: SmscSubmit) => readonly SmscReceipt[];
}

/** One delivery receipt the simulator sends. */
export interface SmscReceipt {
  /** The short_message: the receipt's text form (see `receiptText`). Default empty. */
  readonly text?: string;
  /** The TLV receipted_message_id. */
  readonly receiptedMessageId?: string;
  /** The TLV message_state (SMPP 3.4: 2 delivered, 5 undeliverable, …). */
  readonly messageState?: number;
  /** Send it before the submit_sm_resp (an SMSC quicker with the receipt than with the answer). */
  readonly beforeAnswer?: boolean;
  /** Milliseconds after the answer (default 0). */
  readonly delayMs?: number;
}

/** The standard text form of a receipt: `id:… sub:001 dlvrd:001 submit date:… done date:… stat:… err:… text:…`. */
export function receiptText(
  messageId: string,
  stat: string,
  extra: { text?: string; err?: string } = {},
): string {
  const date = "2612021304";
  return `id:${messageId} sub:001 dlvrd:${stat === "DELIVRD" ? "001" : "000"} submit date:${date} done date:${date} stat:${stat} err:${extra.err ?? "000"} text:${extra.text ?? ""}`;
}

/** Options of `startSmscSimulator`. */
export interface SmscSimulatorOptions {
  /** The system_id a bind must give (default "smskit"); another one is refused with ESME_RINVSYSID. */
  systemId?: string;
  /** The password a bind must give (default "secret"); another one is refused with ESME_RINVPASWD. */
  password?: string;
  /** The loopback address to listen on (default 127.0.0.1). */
  host?: string;
  /** SMPP over TLS: true for the testkit's certificate (`testCertificate()`), or a certificate of your own. */
  tls?: boolean | TestCertificate;
  behaviour?: SmscBehaviour;
}

/** One bind request as the simulator saw it. */
export interface SmscBind {
  /** `bind_transmitter`, `bind_transceiver` or `bind_receiver`. */
  readonly command: string;
  readonly systemId: string;
  readonly password: string;
  readonly systemType: string;
  readonly interfaceVersion: number;
  readonly addrTon: number;
  readonly addrNpi: number;
  readonly addressRange: string;
  /** The number of the connection (1 for the first the simulator accepted). */
  readonly connection: number;
  /** What the simulator answered. */
  status: SmscAnswer;
}

/** The concatenation information element of one part of a split message. */
export interface SmscConcatenation {
  readonly reference: number;
  readonly total: number;
  readonly sequence: number;
}

/** One submit_sm as the simulator saw it (one per part of a split message). */
export interface SmscSubmit {
  readonly connection: number;
  readonly sequenceNumber: number;
  readonly serviceType: string;
  readonly sourceAddr: string;
  readonly sourceAddrTon: number;
  readonly sourceAddrNpi: number;
  readonly destinationAddr: string;
  readonly destAddrTon: number;
  readonly destAddrNpi: number;
  readonly esmClass: number;
  readonly dataCoding: number;
  readonly registeredDelivery: number;
  /** The user data header elements (each: identifier, length, data), when esm_class has UDHI. */
  readonly udh: readonly Buffer[];
  /** The concatenation header of a part of a split message, when present. */
  readonly concatenation: SmscConcatenation | undefined;
  /** This part's text as the `smpp` package decodes it for the data_coding (GSM 03.38, UCS-2, Latin-1). */
  readonly text: string;
  /** The PDU's fields as the `smpp` package parsed them. */
  readonly pdu: Readonly<Record<string, unknown>>;
  /** What the simulator answered; undefined while unanswered (or never, after a drop). */
  status: SmscAnswer | undefined;
  /** The message id given with an accepted submit. */
  messageId: string | undefined;
}

/** A message reassembled from its accepted submits (a single submit for an unsplit text). */
export interface SmscMessage {
  readonly text: string;
  readonly parts: number;
  readonly sourceAddr: string;
  readonly destinationAddr: string;
  readonly dataCoding: number;
  readonly messageIds: readonly string[];
  /** The accepted submits, in part order. */
  readonly submits: readonly SmscSubmit[];
}

/** A running SMSC simulator on loopback. */
export interface SmscSimulator {
  readonly host: string;
  readonly port: number;
  /** Every bind request, accepted or not. */
  readonly binds: readonly SmscBind[];
  /** Every submit_sm received, in arrival order. */
  readonly submits: readonly SmscSubmit[];
  /** Every complete message reassembled from accepted submits, in completion order. */
  readonly messages: readonly SmscMessage[];
  /** TCP connections ever accepted. */
  readonly connectionsOpened: number;
  /** Connections currently open. */
  readonly openConnections: number;
  /** Submits received and not yet answered, over all connections. */
  readonly outstanding: number;
  /** The highest `outstanding` ever reached. */
  readonly maxOutstanding: number;
  /** enquire_link requests received. */
  readonly enquireLinks: number;
  /** Delivery receipts sent, and how many of them the client answered (deliver_sm_resp). */
  readonly receiptsSent: number;
  readonly receiptsAnswered: number;
  /** unbind requests received. */
  readonly unbinds: number;
  /** Replace the behaviour for everything that follows. */
  setBehaviour(behaviour: SmscBehaviour): void;
  /** Destroy every open connection at once (the link dies); the simulator keeps listening. */
  dropConnections(): void;
  /**
   * Forget what was recorded (binds, submits, messages, incomplete parts) and restart the
   * submit count, enquire_link and unbind counters and `maxOutstanding`; connections stay
   * open. For long runs (benchmarks).
   */
  reset(): void;
  /** Resolve once at least `count` messages are complete; reject after `timeoutMs` (default 5000). */
  waitForMessages(count: number, timeoutMs?: number): Promise<SmscMessage[]>;
  /** Resolve once at least `count` submits were received; reject after `timeoutMs` (default 5000). */
  waitForSubmits(count: number, timeoutMs?: number): Promise<SmscSubmit[]>;
  /** Destroy every connection and stop listening. */
  close(): Promise<void>;
}

/** Command status values the simulator uses. */
export const smppStatus = {
  ESME_ROK: 0x00,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RSYSERR: 0x08,
  ESME_RINVDSTADR: 0x0b,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RMSGQFUL: 0x14,
  ESME_RTHROTTLED: 0x58,
} as const;

/**
 * Start an SMPP 3.4 SMS centre on loopback (a random free port), built on the `smpp`
 * package's server. It checks bind credentials, records every bind and submit_sm, answers
 * as the behaviour says, and reassembles concatenated messages from their parts.
 */
export async function startSmscSimulator(options: SmscSimulatorOptions = {}): Promise<SmscSimulator> {
  const systemId = options.systemId ?? "smskit";
  const password = options.password ?? "secret";
  const host = options.host ?? "127.0.0.1";
  const certificate = options.tls === true ? testCertificate() : options.tls || undefined;
  let behaviour: SmscBehaviour = options.behaviour ?? {};

  const binds: SmscBind[] = [];
  const submits: SmscSubmit[] = [];
  const messages: SmscMessage[] = [];
  const partial = new Map<string, Map<number, SmscSubmit>>();
  const sockets = new Set<Socket>();
  const changeListeners = new Set<() => void>();
  const outstandingByConnection = new Map<number, number>();
  const counters = {
    connections: 0,
    outstanding: 0,
    maxOutstanding: 0,
    enquireLinks: 0,
    unbinds: 0,
    ids: 0,
    receiptsSent: 0,
    receiptsAnswered: 0,
  };

  const changed = () => {
    for (const listener of [...changeListeners]) listener();
  };
  const adjustOutstanding = (connection: number, delta: number) => {
    outstandingByConnection.set(connection, (outstandingByConnection.get(connection) ?? 0) + delta);
    counters.outstanding += delta;
    counters.maxOutstanding = Math.max(counters.maxOutstanding, counters.outstanding);
  };
  const accepted = (submit: SmscSubmit) => {
    if (!submit.concatenation) {
      messages.push(messageOf([submit]));
      return;
    }
    const { reference, total, sequence } = submit.concatenation;
    const key = `${submit.sourceAddr}\u0000${submit.destinationAddr}\u0000${reference}\u0000${total}`;
    const parts = partial.get(key) ?? new Map<number, SmscSubmit>();
    parts.set(sequence, submit);
    partial.set(key, parts);
    if (parts.size < total) return;
    partial.delete(key);
    messages.push(messageOf([...parts.values()].sort(bySequence)));
  };

  const handleSession = (session: ServerSession) => {
    const connection = ++counters.connections;
    let bound: string | undefined;
    sockets.add(session.socket);
    session.socket.setNoDelay(true);
    outstandingByConnection.set(connection, 0);
    session.on("error", () => session.socket.destroy());
    session.socket.on("close", () => {
      sockets.delete(session.socket);
      counters.outstanding -= outstandingByConnection.get(connection) ?? 0;
      outstandingByConnection.delete(connection);
      changed();
    });
    let corked = false;
    const answer = (pdu: ServerPdu, fields: Record<string, unknown> = {}) => {
      // Answers given in the same tick leave in one write, as a real SMSC's would under load.
      if (!corked) {
        corked = true;
        session.socket.cork();
        process.nextTick(() => {
          corked = false;
          session.socket.uncork();
        });
      }
      session.send(pdu.response(fields));
    };

    const onBind = (pdu: ServerPdu) => {
      if (session.socket.destroyed) return;
      const bind: SmscBind = {
        command: pdu.command,
        systemId: text(pdu.system_id),
        password: text(pdu.password),
        systemType: text(pdu.system_type),
        interfaceVersion: integer(pdu.interface_version),
        addrTon: integer(pdu.addr_ton),
        addrNpi: integer(pdu.addr_npi),
        addressRange: text(pdu.address_range),
        connection,
        status: 0,
      };
      binds.push(bind);
      if (bound) bind.status = smppStatus.ESME_RALYBND;
      else if (bind.systemId !== systemId) bind.status = smppStatus.ESME_RINVSYSID;
      else if (bind.password !== password) bind.status = smppStatus.ESME_RINVPASWD;
      else bind.status = behaviour.bind?.(bind) ?? 0;
      changed();
      if (bind.status === "hang") return;
      if (bind.status === 0) {
        bound = pdu.command;
        answer(pdu, { system_id: "smskit-smsc" });
        return;
      }
      session.send(pdu.response({ command_status: bind.status }), () => session.socket.end());
    };
    session.on("bind_transmitter", onBind);
    session.on("bind_transceiver", onBind);
    session.on("bind_receiver", onBind);

    session.on("submit_sm", (pdu: ServerPdu) => {
      // PDUs still buffered from a connection the simulator dropped never "arrived".
      if (session.socket.destroyed) return;
      if (bound !== "bind_transmitter" && bound !== "bind_transceiver") {
        answer(pdu, { command_status: smppStatus.ESME_RINVBNDSTS });
        return;
      }
      const submit = submitOf(pdu, connection);
      submits.push(submit);
      const count = submits.length;
      adjustOutstanding(connection, 1);
      changed();
      const current = behaviour;
      if (current.dropAfter !== undefined && count >= current.dropAfter) {
        behaviour = { ...current, dropAfter: undefined };
        dropAll();
        return;
      }
      const reply = (status: SmscAnswer) => {
        if (status === "hang") {
          submit.status = "hang";
          return;
        }
        if (!session.socket.writable) return;
        submit.status = status;
        adjustOutstanding(connection, -1);
        if (status === 0) {
          submit.messageId = (++counters.ids).toString(16).toUpperCase().padStart(8, "0");
          const plans = bound === "bind_transceiver" ? (current.receipts?.(submit) ?? []) : [];
          for (const plan of plans) if (plan.beforeAnswer) sendReceipt(session, submit, plan);
          accepted(submit);
          answer(pdu, { message_id: submit.messageId });
          for (const plan of plans) {
            if (!plan.beforeAnswer) setTimeout(() => sendReceipt(session, submit, plan), plan.delayMs ?? 0);
          }
        } else {
          answer(pdu, { command_status: status });
        }
        changed();
      };
      if (!current.submit && !current.answerDelayMs) {
        // An SMSC that answers at once: no promise in between (benchmarks measure against this).
        reply(0);
        return;
      }
      void Promise.resolve()
        .then(() => (current.submit ? current.submit(submit, count) : 0))
        .then(async (status) => {
          if (status !== "hang" && current.answerDelayMs) await delay(current.answerDelayMs);
          reply(status);
        });
    });

    session.on("enquire_link", (pdu: ServerPdu) => {
      counters.enquireLinks++;
      if (behaviour.answerEnquireLink !== false) answer(pdu);
    });
    session.on("unbind", (pdu: ServerPdu) => {
      counters.unbinds++;
      bound = undefined;
      session.send(pdu.response(), () => session.socket.end());
      changed();
    });
  };

  const sendReceipt = (session: ServerSession, submit: SmscSubmit, plan: SmscReceipt) => {
    if (!session.socket.writable) return;
    counters.receiptsSent++;
    const receipt = new smpp.PDU("deliver_sm", {
      service_type: "",
      source_addr: submit.destinationAddr,
      destination_addr: submit.sourceAddr,
      esm_class: 0x04,
      short_message: plan.text ?? "",
      ...(plan.receiptedMessageId === undefined ? {} : { receipted_message_id: plan.receiptedMessageId }),
      ...(plan.messageState === undefined ? {} : { message_state: plan.messageState }),
    });
    session.send(receipt, () => {
      counters.receiptsAnswered++;
      changed();
    });
  };

  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  const server = smpp.createServer(
    certificate ? { key: certificate.key, cert: certificate.cert } : {},
    handleSession,
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const waitFor = <T>(ready: () => T[] | undefined, what: string, timeoutMs: number): Promise<T[]> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const result = ready();
        if (!result) return;
        changeListeners.delete(check);
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        changeListeners.delete(check);
        reject(new Error(`the SMSC simulator did not see ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      changeListeners.add(check);
      check();
    });

  return {
    host,
    port,
    binds,
    submits,
    messages,
    get connectionsOpened() {
      return counters.connections;
    },
    get openConnections() {
      return sockets.size;
    },
    get outstanding() {
      return counters.outstanding;
    },
    get maxOutstanding() {
      return counters.maxOutstanding;
    },
    get receiptsSent() {
      return counters.receiptsSent;
    },
    get receiptsAnswered() {
      return counters.receiptsAnswered;
    },
    get enquireLinks() {
      return counters.enquireLinks;
    },
    get unbinds() {
      return counters.unbinds;
    },
    setBehaviour(next) {
      behaviour = next;
    },
    dropConnections: dropAll,
    reset() {
      binds.length = 0;
      submits.length = 0;
      messages.length = 0;
      partial.clear();
      counters.maxOutstanding = counters.outstanding;
      counters.enquireLinks = 0;
      counters.unbinds = 0;
    },
    waitForMessages(count, timeoutMs = 5000) {
      return waitFor(
        () => (messages.length >= count ? [...messages] : undefined),
        `${count} messages`,
        timeoutMs,
      );
    },
    waitForSubmits(count, timeoutMs = 5000) {
      return waitFor(
        () => (submits.length >= count ? [...submits] : undefined),
        `${count} submits`,
        timeoutMs,
      );
    },
    close() {
      dropAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The `smpp` package's server side, as far as the simulator uses it (the package has no types). */
interface ServerPdu {
  readonly command: string;
  readonly command_status: number;
  readonly sequence_number: number;
  readonly [field: string]: unknown;
  response(fields?: Record<string, unknown>): ServerPdu;
}

interface ServerSession extends EventEmitter {
  readonly socket: Socket;
  send(pdu: ServerPdu, responseCallback?: () => void): boolean;
}

interface SmppServerModule {
  readonly PDU: new (command: string, fields?: Record<string, unknown>) => ServerPdu;
  createServer(options: { key?: string; cert?: string }, listener: (session: ServerSession) => void): Server;
}

const smpp = createRequire(import.meta.url)("smpp") as SmppServerModule;

function submitOf(pdu: ServerPdu, connection: number): SmscSubmit {
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

function messageOf(parts: SmscSubmit[]): SmscMessage {
  const first = parts[0] as SmscSubmit;
  return {
    text: parts.map((part) => part.text).join(""),
    parts: parts.length,
    sourceAddr: first.sourceAddr,
    destinationAddr: first.destinationAddr,
    dataCoding: first.dataCoding,
    messageIds: parts.map((part) => part.messageId ?? ""),
    submits: parts,
  };
}

function bySequence(left: SmscSubmit, right: SmscSubmit): number {
  return (left.concatenation?.sequence ?? 0) - (right.concatenation?.sequence ?? 0);
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function integer(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
