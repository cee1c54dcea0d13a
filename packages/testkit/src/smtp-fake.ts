import type { AddressInfo, Socket } from "node:net";
import { type AddressObject, simpleParser } from "mailparser";
import {
  SMTPServer,
  type SMTPServerAuthentication,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from "smtp-server";
import { type TestCertificate, testCertificate } from "./certificates.js";
import { destroySocket } from "./sockets.js";

/** How the fake answers one step: accept it, refuse it with an SMTP reply, or never answer. */
export type SmtpFakeAnswer = "accept" | "hang" | { code: number; message: string };

/** How the fake behaves; change it at any time with `setBehaviour`. */
export interface SmtpFakeBehaviour {
  /** The greeting: "accept" (220, the default), "hang" (accept the TCP connection, never greet) or a refusal. */
  connect?: SmtpFakeAnswer;
  /** The answer to MAIL FROM (default accept). */
  mailFrom?: (address: string) => SmtpFakeAnswer;
  /** The answer to each RCPT TO (default accept). */
  recipient?: (address: string) => SmtpFakeAnswer;
  /** The answer after the message data was received and parsed (default accept). */
  data?: (message: SmtpFakeMessage) => SmtpFakeAnswer;
}

/** SMTP AUTH the fake requires. */
export interface SmtpFakeAuthentication {
  username: string;
  password: string;
  /** The mechanisms offered (default PLAIN and LOGIN). */
  methods?: ReadonlyArray<"PLAIN" | "LOGIN">;
  /** The text of the 535 reply to wrong credentials (default "Authentication credentials invalid"). */
  failureMessage?: (attempt: { username: string; password: string }) => string;
}

/** Options of `startSmtpServer`. */
export interface SmtpFakeOptions {
  /**
   * none: plain SMTP, STARTTLS not offered (default); starttls: STARTTLS offered with the
   * certificate; tls: implicit TLS from the first byte.
   */
  tls?: "none" | "starttls" | "tls";
  /** The certificate for starttls and tls (default `testCertificate()`, self-signed). */
  certificate?: TestCertificate;
  /** Require SMTP AUTH with these credentials; without it the fake accepts mail from anyone. */
  auth?: SmtpFakeAuthentication;
  /** The loopback address to listen on (default 127.0.0.1). */
  host?: string;
  behaviour?: SmtpFakeBehaviour;
}

/** One AUTH attempt as the fake saw it. */
export interface SmtpFakeLogin {
  /** The number of the connection (1 for the first the fake accepted). */
  readonly connection: number;
  readonly method: string;
  readonly username: string;
  readonly password: string;
  readonly accepted: boolean;
}

/** One message the fake received, parsed by mailparser. */
export interface SmtpFakeMessage {
  /** The number of the connection it came over (1 for the first the fake accepted). */
  readonly connection: number;
  /** Whether the connection was encrypted (STARTTLS or implicit TLS) when the message came. */
  readonly secure: boolean;
  /** The user the connection authenticated as, if any. */
  readonly username: string | undefined;
  /** The envelope sender (MAIL FROM). */
  readonly mailFrom: string;
  /** The envelope recipients (RCPT TO) the fake accepted. */
  readonly recipients: readonly string[];
  /** The From header, decoded (e.g. `sms@example.net`). */
  readonly from: string;
  /** The To header, decoded. */
  readonly to: string;
  /** The Subject header, decoded. */
  readonly subject: string;
  /** The plain-text body, decoded (line breaks as `\n`). */
  readonly text: string;
  /** The HTML body, when the message has one. */
  readonly html: string | undefined;
  /** Every header, lower-case names, values as the parser gives them. */
  readonly headers: ReadonlyMap<string, unknown>;
  /** How many attachments the message carried. */
  readonly attachments: number;
  /** The message as received (after DATA, dot-unstuffed). */
  readonly raw: Buffer;
  /** What the fake answered to it. */
  answer: SmtpFakeAnswer | undefined;
}

/** A running SMTP server on loopback. */
export interface FakeSmtpServer {
  readonly host: string;
  readonly port: number;
  /** Messages the fake accepted, in order. */
  readonly messages: readonly SmtpFakeMessage[];
  /** Every message whose data arrived, accepted, refused or left unanswered. */
  readonly received: readonly SmtpFakeMessage[];
  /** Every AUTH attempt. */
  readonly logins: readonly SmtpFakeLogin[];
  /** TCP connections ever accepted. */
  readonly connectionsOpened: number;
  /** TCP connections open right now. */
  readonly openConnections: number;
  /** Replace the behaviour for everything that follows. */
  setBehaviour(behaviour: SmtpFakeBehaviour): void;
  /** Destroy every open connection at once (the link dies); the fake keeps listening. */
  dropConnections(): Promise<void>;
  /** Resolve once at least `count` messages were accepted; reject after `timeoutMs` (default 5000). */
  waitForMessages(count: number, timeoutMs?: number): Promise<SmtpFakeMessage[]>;
  /** Destroy every connection (hanging ones included) and stop listening. */
  close(): Promise<void>;
}

/**
 * Start an SMTP server on a free loopback port, built on the `smtp-server` package. It
 * speaks plain SMTP, STARTTLS or implicit TLS, requires AUTH (PLAIN/LOGIN) when told,
 * records every login and message (parsed by `mailparser`), counts connections, and answers
 * greeting, MAIL FROM, RCPT TO and DATA as its behaviour says: accept, refuse with a reply,
 * or never answer. Close it at the end of the test.
 */
export async function startSmtpServer(options: SmtpFakeOptions = {}): Promise<FakeSmtpServer> {
  const host = options.host ?? "127.0.0.1";
  const mode = options.tls ?? "none";
  const auth = options.auth;
  let behaviour: SmtpFakeBehaviour = options.behaviour ?? {};
  const messages: SmtpFakeMessage[] = [];
  const received: SmtpFakeMessage[] = [];
  const logins: SmtpFakeLogin[] = [];
  const sockets = new Set<Socket>();
  const connectionByPort = new Map<number, number>();
  const waiters = new Set<() => void>();
  let connectionsOpened = 0;

  /**
   * The accepted sockets still open. Read from `destroyed` rather than from 'close' events:
   * smtp-server removes every listener from a socket it upgrades with STARTTLS.
   */
  const openSockets = (): Socket[] => {
    for (const socket of sockets) if (socket.destroyed) sockets.delete(socket);
    return [...sockets];
  };
  const connectionOf = (session: SMTPServerSession): number => connectionByPort.get(session.remotePort) ?? 0;
  const disabledCommands = [...(mode === "none" ? ["STARTTLS"] : []), ...(auth ? [] : ["AUTH"])];
  const certificate = mode === "none" ? undefined : (options.certificate ?? testCertificate());

  const server = new SMTPServer({
    secure: mode === "tls",
    ...(certificate ? { key: certificate.key, cert: certificate.cert } : {}),
    disabledCommands,
    authOptional: auth === undefined,
    authMethods: [...(auth?.methods ?? ["PLAIN", "LOGIN"])],
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    onConnect(_session, callback) {
      answer(behaviour.connect ?? "accept", callback);
    },
    onAuth(attempt: SMTPServerAuthentication, session, callback) {
      const username = attempt.username ?? "";
      const password = attempt.password ?? "";
      const accepted = auth !== undefined && username === auth.username && password === auth.password;
      logins.push({
        connection: connectionOf(session),
        method: attempt.method,
        username,
        password,
        accepted,
      });
      if (accepted) {
        callback(null, { user: username });
        return;
      }
      callback(
        replyError(
          535,
          auth?.failureMessage?.({ username, password }) ?? "Authentication credentials invalid",
        ),
      );
    },
    onMailFrom(address, _session, callback) {
      answer(behaviour.mailFrom?.(address.address) ?? "accept", callback);
    },
    onRcptTo(address, _session, callback) {
      answer(behaviour.recipient?.(address.address) ?? "accept", callback);
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      readMessage(stream, session, connectionOf(session)).then(
        (message) => {
          received.push(message);
          const reply = behaviour.data?.(message) ?? "accept";
          message.answer = reply;
          if (reply === "accept") {
            messages.push(message);
            for (const wake of [...waiters]) wake();
          }
          answer(reply, callback);
        },
        (error: unknown) =>
          callback(replyError(451, `the fake could not parse the message: ${String(error)}`)),
      );
    },
  });
  server.on("error", () => {});
  server.server.on("connection", (socket: Socket) => {
    connectionsOpened++;
    sockets.add(socket);
    if (socket.remotePort !== undefined) connectionByPort.set(socket.remotePort, connectionsOpened);
    socket.once("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;

  return {
    host,
    port,
    messages,
    received,
    logins,
    get connectionsOpened() {
      return connectionsOpened;
    },
    get openConnections() {
      return openSockets().length;
    },
    setBehaviour(next) {
      behaviour = next;
    },
    async dropConnections() {
      await Promise.all(openSockets().map(destroySocket));
    },
    waitForMessages(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (messages.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve([...messages]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `the fake SMTP server at ${host}:${port} accepted ${messages.length} message(s) within ${timeoutMs} ms; expected ${count}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all(openSockets().map(destroySocket));
        await stopped;
      })();
      return closed;
    },
  };
}

/** Call an smtp-server callback as the answer says; "hang" never calls it. */
function answer(reply: SmtpFakeAnswer, callback: (error?: Error | null) => void): void {
  if (reply === "hang") return;
  if (reply === "accept") callback();
  else callback(replyError(reply.code, reply.message));
}

/** An error smtp-server turns into the reply `<code> <message>`. */
function replyError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Read the DATA stream to its end and parse the message. */
async function readMessage(
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  connection: number,
): Promise<SmtpFakeMessage> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  const user: unknown = session.user;
  const mailFrom = session.envelope.mailFrom;
  return {
    connection,
    secure: session.secure,
    username: typeof user === "string" ? user : undefined,
    mailFrom: mailFrom ? mailFrom.address : "",
    recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
    from: addressText(parsed.from),
    to: addressText(parsed.to),
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : undefined,
    headers: parsed.headers,
    attachments: parsed.attachments.length,
    raw,
    answer: undefined,
  };
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return "";
  return (Array.isArray(value) ? value : [value]).map((address) => address.text).join(", ");
}
