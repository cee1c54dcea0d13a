/**
 * The part of the `smpp` package (0.5.x, no types of its own) that this provider uses.
 * Only the client side; field names follow the SMPP specification.
 */
declare module "smpp" {
  import type { EventEmitter } from "node:events";
  import type { Socket } from "node:net";
  import type { ConnectionOptions } from "node:tls";

  /** What `Session.send` needs of a PDU: it numbers a request, then asks for its octets. */
  export interface SendablePdu {
    /** The operation, e.g. `submit_sm` or `bind_transmitter_resp`. */
    readonly command: string;
    /** Set by `Session.send` for a request (when still 0). */
    sequence_number: number;
    /** Whether this PDU answers a request. */
    isResponse(): boolean;
    /** The encoded PDU. */
    toBuffer(): Buffer;
  }

  /** One protocol data unit; its fields are the specification's parameter names. */
  export interface PDU extends SendablePdu {
    readonly command_id: number;
    /** 0 (ESME_ROK) or the SMSC's error status. */
    readonly command_status: number;
    /** The SMSC's id for an accepted message (`submit_sm_resp`). */
    readonly message_id?: string;
    /** The response PDU for this request, with the same sequence number. */
    response(fields?: Record<string, unknown>): PDU;
  }

  /** The PDU constructor: a command name and its fields. */
  export type PDUConstructor = new (command: string, fields?: Record<string, unknown>) => PDU;

  /** One SMPP connection. Emits `connect`, `secureConnect`, `pdu`, `<command>`, `error` and `close`. */
  export interface Session extends EventEmitter {
    readonly socket: Socket;
    /** Write a PDU; a request gets the next sequence number. False when the socket is not writable. */
    send(
      pdu: SendablePdu,
      responseCallback?: (response: PDU) => void,
      sendCallback?: (pdu: SendablePdu) => void,
    ): boolean;
    /** End the connection gracefully. */
    close(callback?: () => void): void;
    /** Destroy the connection at once. */
    destroy(callback?: () => void): void;
  }

  /** Where and how to connect; the TLS options apply when `tls` is true. */
  export interface ConnectOptions extends ConnectionOptions {
    host: string;
    port: number;
    tls?: boolean;
  }

  /** The module object (a CommonJS export). */
  export interface SmppModule {
    /** Open a connection; listen for `connect` / `secureConnect` or `error`. */
    connect(options: ConnectOptions): Session;
    readonly PDU: PDUConstructor;
    /** Command status names (`ESME_RINVPASWD`, …) and their values. */
    readonly errors: Readonly<Record<string, number>>;
  }

  const smpp: SmppModule;
  export default smpp;
}
