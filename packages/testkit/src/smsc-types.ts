import type { TestCertificate } from "./certificates.js";

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
