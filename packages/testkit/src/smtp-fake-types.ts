import type { TestCertificate } from "./certificates.js";

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
