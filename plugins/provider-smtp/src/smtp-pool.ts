import { connect, type Socket } from "node:net";
import { untilAborted } from "@smskit/provider";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer/index.js";
import type SMTPPool from "nodemailer/lib/smtp-pool/index.js";
import type { SmtpServerDefinition } from "./smtp-server-resource.js";

/** What nodemailer reports about an accepted message. */
export type SentMessage = SMTPPool.SentMessageInfo;

/**
 * One pooled nodemailer transport to one SMTP server definition (up to `maxConnections`
 * connections, each reused for up to 100 messages), plus the sockets it opened, so that an
 * abandoned or closed pool can cut even a connection that hangs mid-message.
 */
export class SmtpPool {
  readonly server: SmtpServerDefinition;
  readonly #transport: Mail<SentMessage, SMTPPool.Options>;
  readonly #sockets = new Set<Socket>();
  /** Operations whose caller still waits for them. */
  #waiting = 0;
  #retired = false;

  constructor(server: SmtpServerDefinition) {
    this.server = server;
    this.#transport = nodemailer.createTransport(transportOptions(server, () => this.#openSocket()));
  }

  /** True once the pool takes no more work (aborted, or closed). */
  get retired(): boolean {
    return this.#retired;
  }

  /**
   * Hand one message to the pool and wait for the server's answer, or until `signal` aborts:
   * then the pool retires (queued messages are dropped, connections are cut once no other
   * caller waits) and the promise rejects with the abort reason.
   */
  send(mail: Mail.Options, signal: AbortSignal): Promise<SentMessage> {
    return this.#run(() => this.#transport.sendMail(mail), signal);
  }

  /** Connect, say EHLO, upgrade to TLS and log in as the definition says, without sending a message. */
  verify(signal: AbortSignal): Promise<true> {
    return this.#run(() => this.#transport.verify(), signal);
  }

  /**
   * Take no more work: messages still queued fail with `Connection pool was closed` (they never
   * reached the server), idle connections say QUIT, and once no caller waits any more every
   * socket left is destroyed.
   */
  retire(): void {
    if (this.#retired) return;
    this.#retired = true;
    this.#transport.close();
    if (this.#waiting === 0) this.#destroySockets();
  }

  /** Sockets still open (connecting, busy or idle). */
  get openSockets(): number {
    return this.#sockets.size;
  }

  /**
   * Retire, give the connections up to `graceMs` to end on their own (idle ones are closed by
   * nodemailer at once), then destroy whatever is left.
   */
  async close(graceMs = 1000): Promise<void> {
    this.retire();
    if (this.#sockets.size > 0) {
      const ended = [...this.#sockets].map(
        (socket) => new Promise<void>((resolve) => socket.once("close", () => resolve())),
      );
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.all(ended), grace]);
      clearTimeout(timer);
    }
    this.#destroySockets();
  }

  async #run<T>(operation: () => Promise<T>, signal: AbortSignal): Promise<T> {
    signal.throwIfAborted();
    this.#waiting++;
    try {
      return await untilAborted(operation(), signal);
    } catch (error) {
      if (signal.aborted) this.retire();
      throw error;
    } finally {
      this.#waiting--;
      if (this.#retired && this.#waiting === 0) this.#destroySockets();
    }
  }

  /**
   * nodemailer's `getSocket` hook: a socket that is still connecting is handed over as the
   * connection; nodemailer then runs greeting, STARTTLS or implicit TLS, timeouts and errors on
   * it exactly as on a socket of its own.
   */
  #openSocket(): Socket {
    const socket = connect({ host: this.server.host, port: this.server.port });
    socket.on("error", () => {});
    this.#sockets.add(socket);
    socket.once("close", () => this.#sockets.delete(socket));
    return socket;
  }

  #destroySockets(): void {
    for (const socket of this.#sockets) socket.destroy();
  }
}

/** Whether an error is the pool telling a queued message it was dropped before it was sent. */
export function isDroppedFromQueue(error: unknown): boolean {
  return error instanceof Error && error.message === "Connection pool was closed";
}

/** nodemailer options for one SMTP server definition. */
function transportOptions(
  server: SmtpServerDefinition,
  openSocket: () => Socket,
): SMTPPool.Options & { forceAuth: boolean; maxRequeues: number } {
  const timeoutMs = Math.max(1, Math.round(server.timeout * 1000));
  const login = server.username !== "";
  return {
    pool: true,
    host: server.host,
    port: server.port,
    secure: server.tls === "tls",
    requireTLS: server.tls === "starttls",
    ignoreTLS: server.tls === "none",
    tls: { rejectUnauthorized: server.verifyTls },
    ...(login ? { auth: { user: server.username, pass: server.password } } : {}),
    forceAuth: login,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    maxConnections: 5,
    maxMessages: 100,
    maxRequeues: 0,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    debug: false,
    getSocket(_options, callback) {
      callback(null, { connection: openSocket() });
    },
  };
}
