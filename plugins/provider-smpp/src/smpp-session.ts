import type { Logger } from "@smskit/provider";
import smpp, { type PDU, type SendablePdu, type Session } from "smpp";
import type { SmppParameters } from "./index.js";
import { NotSentError, smppError } from "./smpp-errors.js";

/** ESME_RINVCMDID: the answer to a request this client does not handle. */
const ESME_RINVCMDID = 0x03;
/** ESME_RUNKNOWNERR: what a generic_nack without a status is taken as. */
const ESME_RUNKNOWNERR = 0xff;

/** Where the SMSC is and how to bind to it: the gateway's parameters and what core gives the instance. */
export interface SessionSettings {
  /** The gateway name, for messages. */
  readonly gateway: string;
  /** SMSC_HOST, SMSC_PORT, TLS, SYSTEM_ID, PASSWORD, SYSTEM_TYPE, TIMEOUT, ENQUIRE_LINK, REGISTERED_DELIVERY. */
  readonly parameters: SmppParameters;
  readonly logger: Logger;
  /** Replaces the gateway's secrets in texts from the outside. */
  readonly redact: (text: string) => string;
  /** Hand every deliver_sm / data_sm (after answering it) to `onDeliver` (REGISTERED_DELIVERY binds as transceiver). */
  readonly onDeliver?: ((pdu: PDU) => void) | undefined;
}

/** Milliseconds for the connect, the bind and each response (TIMEOUT). */
export function timeoutMsOf(parameters: SmppParameters): number {
  return parameters.TIMEOUT * 1000;
}

/** Where the SMSC is, for messages. */
export function smscAddress(parameters: SmppParameters): string {
  return `${parameters.SMSC_HOST}:${parameters.SMSC_PORT}`;
}

/** What made a bound session end. */
export type DropReason = "closed by the SMSC" | "unbound by the SMSC" | "enquire_link unanswered" | string;

/** The SMSC's answer to a request. */
export interface Answer {
  /** 0 (ESME_ROK) or the error status. */
  readonly status: number;
  /** The SMSC's message id (`submit_sm_resp`). */
  readonly messageId: string | undefined;
}

interface PendingRequest {
  readonly command: string;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: Error) => void;
  /** `performance.now()` after which the request has timed out. */
  readonly deadline: number;
}

/**
 * A connection bound as transmitter: matches responses to requests by sequence number, times
 * every request out after `timeoutMs`, answers the SMSC's enquire_link and unbind, sends its
 * own enquire_link every `enquireLinkMs`, and reports a drop once.
 */
export class BoundSession {
  readonly #session: Session;
  readonly #settings: SessionSettings;
  /** Requests awaiting their response, oldest first (all share one timeout, so deadlines ascend). */
  readonly #pending = new Map<number, PendingRequest>();
  readonly #dropListeners: Array<(reason: DropReason) => void> = [];
  readonly #closed: Promise<void>;
  readonly #enquireTimer: NodeJS.Timeout;
  /** One timer for the oldest pending request's deadline, instead of one per request. */
  #deadlineTimer: NodeJS.Timeout | undefined;
  #alive = true;
  #dropReason: DropReason = "closed by the SMSC";
  #unbinding = false;
  /** The socket stopped taking writes before its close event arrived. */
  #broken = false;

  constructor(session: Session, settings: SessionSettings) {
    this.#session = session;
    this.#settings = settings;
    this.#closed = new Promise<void>((resolve) => {
      session.on("close", () => {
        this.#ended();
        resolve();
      });
    });
    session.on("error", (error: Error) => {
      this.#dropReason = settings.redact(error.message);
      session.socket.destroy();
    });
    session.on("pdu", (pdu: PDU) => this.#received(pdu));
    this.#enquireTimer = setInterval(() => this.#enquireLink(), settings.parameters.ENQUIRE_LINK * 1000);
    this.#enquireTimer.unref();
  }

  /** Whether requests can still be sent. */
  get alive(): boolean {
    return this.#alive && !this.#unbinding && !this.#broken;
  }

  /** Requests sent and not yet answered. */
  get outstanding(): number {
    return this.#pending.size;
  }

  /** Call `listener` once when the session ends for any reason other than `close()`. */
  onDrop(listener: (reason: DropReason) => void): void {
    this.#dropListeners.push(listener);
  }

  /**
   * Send a request and wait for its response (whatever its status). Rejects with
   * `NotSentError` when the session is already gone, `SMSKIT_E_SMPP_TIMEOUT` after
   * `timeoutMs`, and `SMSKIT_E_SMPP_LINK_LOST` when the connection ends first.
   */
  request(pdu: SendablePdu): Promise<Answer> {
    if (!this.#alive || this.#unbinding) {
      return Promise.reject(new NotSentError(`the session is ${this.#alive ? "unbinding" : "gone"}`));
    }
    return this.#send(pdu);
  }

  /** Unbind (waiting up to `timeoutMs` for the answer), then close the connection. */
  async close(): Promise<void> {
    if (!this.#alive) return this.#closed;
    this.#unbinding = true;
    this.#dropReason = "closed by smskit";
    clearInterval(this.#enquireTimer);
    try {
      await this.#send(new smpp.PDU("unbind", {})).catch(() => undefined);
    } finally {
      this.#alive = false;
      this.#session.socket.end();
      const forced = setTimeout(() => this.#session.socket.destroy(), 1000);
      await this.#closed;
      clearTimeout(forced);
    }
  }

  /** Drop the connection at once (the SMSC stopped answering). */
  destroy(reason: DropReason): void {
    this.#dropReason = reason;
    this.#session.socket.destroy();
  }

  #send(pdu: SendablePdu): Promise<Answer> {
    if (!this.#session.send(pdu)) {
      // The socket is ending; its close event (and the drop) follow. Never send on it again.
      this.#broken = true;
      this.#session.socket.destroy();
      return Promise.reject(new NotSentError("the connection is no longer writable"));
    }
    const sequence = pdu.sequence_number;
    const command = pdu.command;
    return new Promise<Answer>((resolve, reject) => {
      this.#pending.set(sequence, {
        command,
        resolve,
        reject,
        deadline: performance.now() + timeoutMsOf(this.#settings.parameters),
      });
      this.#deadlineTimer ??= this.#armDeadline(timeoutMsOf(this.#settings.parameters));
    });
  }

  #armDeadline(delay: number): NodeJS.Timeout {
    return setTimeout(() => this.#expire(), Math.max(0, delay));
  }

  /** Fail every request past its deadline, then wait for the next oldest. */
  #expire(): void {
    this.#deadlineTimer = undefined;
    const now = performance.now();
    for (const [sequence, pending] of this.#pending) {
      if (pending.deadline > now) {
        this.#deadlineTimer = this.#armDeadline(pending.deadline - now);
        return;
      }
      this.#pending.delete(sequence);
      pending.reject(
        smppError(
          "SMSKIT_E_SMPP_TIMEOUT",
          `${this.#where()} did not answer the ${pending.command} within ${seconds(timeoutMsOf(this.#settings.parameters))}; it is not known whether it was carried out`,
          { retrySafe: false, deliveryUnknown: true, details: { command: pending.command } },
        ),
      );
    }
  }

  #received(pdu: PDU): void {
    if (pdu.isResponse()) {
      const pending = this.#pending.get(pdu.sequence_number);
      if (!pending) return;
      this.#pending.delete(pdu.sequence_number);
      const status =
        pdu.command === "generic_nack" && pdu.command_status === 0 ? ESME_RUNKNOWNERR : pdu.command_status;
      pending.resolve({ status, messageId: pdu.message_id });
      return;
    }
    switch (pdu.command) {
      case "enquire_link":
        this.#session.send(pdu.response());
        return;
      case "deliver_sm":
      case "data_sm":
        this.#session.send(pdu.response());
        this.#settings.onDeliver?.(pdu);
        return;
      case "unbind":
        this.#dropReason = "unbound by the SMSC";
        this.#session.send(pdu.response(), () => this.#session.socket.end());
        return;
      case "alert_notification":
      case "outbind":
        return;
      default:
        this.#session.send(
          new smpp.PDU("generic_nack", {
            sequence_number: pdu.sequence_number,
            command_status: ESME_RINVCMDID,
          }),
        );
    }
  }

  #enquireLink(): void {
    if (!this.#alive || this.#unbinding) return;
    this.request(new smpp.PDU("enquire_link", {})).then(
      () => {},
      (error: unknown) => {
        if (error instanceof NotSentError || !this.#alive) return;
        this.#settings.logger.warn("the SMSC did not answer enquire_link; dropping the connection", {
          smsc: smscAddress(this.#settings.parameters),
        });
        this.destroy("enquire_link unanswered");
      },
    );
  }

  #ended(): void {
    const wasAlive = this.#alive && !this.#unbinding;
    this.#alive = false;
    clearInterval(this.#enquireTimer);
    clearTimeout(this.#deadlineTimer);
    this.#deadlineTimer = undefined;
    for (const [sequence, pending] of this.#pending) {
      this.#pending.delete(sequence);
      pending.reject(
        smppError(
          "SMSKIT_E_SMPP_LINK_LOST",
          `${this.#where()} connection ended (${this.#dropReason}) while the ${pending.command} was outstanding; it is not known whether the message was delivered`,
          { retrySafe: false, deliveryUnknown: true, details: { command: pending.command } },
        ),
      );
    }
    if (!wasAlive) return;
    for (const listener of this.#dropListeners.splice(0)) listener(this.#dropReason);
  }

  #where(): string {
    return `gateway '${this.#settings.gateway}': the SMSC at ${smscAddress(this.#settings.parameters)}`;
  }
}

/** A TIMEOUT in words, for messages. */
export function seconds(milliseconds: number): string {
  return `${milliseconds / 1000} s (TIMEOUT)`;
}
