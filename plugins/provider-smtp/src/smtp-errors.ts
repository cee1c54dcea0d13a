import { SmsError } from "@smskit/provider";
import type { SmtpServerDefinition } from "./smtp-server-resource.js";

/** The error codes the SMTP provider raises, besides core's. */
export const smtpErrorCodes = {
  SMSKIT_E_SMTP_CONNECTION_REFUSED:
    "The SMTP server refused the connection (nothing listens at its host and port, or it refused the session in its greeting); nothing was sent, a retry is safe.",
  SMSKIT_E_SMTP_UNREACHABLE:
    "The SMTP server's host name could not be resolved or the host could not be reached; nothing was sent, a retry is safe.",
  SMSKIT_E_SMTP_TLS:
    "TLS with the SMTP server failed: its certificate was refused (verifyTls), it does not offer STARTTLS, or the handshake broke; nothing was sent.",
  SMSKIT_E_SMTP_AUTH_FAILED:
    "The SMTP server refused the login with the username and password of the SMTP server definition, or requires a login the definition does not give; nothing was sent, a retry is safe.",
  SMSKIT_E_SMTP_SENDER_REFUSED:
    "The SMTP server refused the sender address of the SMTP server definition (MAIL FROM); the message was not sent.",
  SMSKIT_E_SMTP_RECIPIENT_REFUSED:
    "The SMTP server refused the recipient address (RCPT TO); the message was not sent. The server's reply is in the message.",
  SMSKIT_E_SMTP_MESSAGE_REFUSED:
    "The SMTP server refused the message itself after DATA (content, size, policy); the message was not sent.",
  SMSKIT_E_SMTP_TIMEOUT:
    "The SMTP server did not answer within the timeout of its definition; it is not known whether the message was sent.",
  SMSKIT_E_SMTP_CONNECTION_LOST:
    "The connection to the SMTP server broke, or the server answered outside the protocol; it is not known whether the message was sent.",
  SMSKIT_E_SMTP_RECIPIENT_INVALID:
    "MAILTO did not come out as exactly one e-mail address for this recipient; nothing was sent.",
} as const;

/** A code of the SMTP provider. */
export type SmtpErrorCode = keyof typeof smtpErrorCodes;

/** Where a failure happened: the gateway, the SMTP server, and how to censor outside text. */
export interface FailureScene {
  readonly gateway: string;
  readonly server: SmtpServerDefinition;
  /** The recipient address the mail went to. */
  readonly recipient?: string;
  /** Censors every secret (the gateway's and the SMTP server's password) in a text. */
  readonly redact: (text: string) => string;
}

/**
 * Turn what nodemailer reported into an SmsError with the provider's code, the server's reply
 * (censored) and whether a retry is safe. Only a refused connection, an unreachable host, a
 * failed TLS handshake and a refused login are retry-safe: they happen before MAIL FROM.
 */
export function smtpFailure(error: unknown, scene: FailureScene): SmsError {
  const failure = describe(error);
  const { gateway, server, redact } = scene;
  const where = `gateway '${gateway}': SMTP server '${server.name}' (${server.host}:${server.port})`;
  const reply = failure.response === undefined ? undefined : redact(failure.response);
  const answered = reply === undefined ? "" : `; it answered: ${reply}`;
  const details: Record<string, unknown> = {
    smtpServer: server.name,
    ...(failure.command === undefined ? {} : { command: failure.command }),
    ...(failure.responseCode === undefined ? {} : { responseCode: failure.responseCode }),
    ...(reply === undefined ? {} : { reply }),
  };
  const said = redact(failure.message);
  // The cause keeps nodemailer's classification but only censored text: a server's reply may echo secrets.
  const cause = Object.assign(new Error(said), {
    code: failure.code,
    command: failure.command,
    responseCode: failure.responseCode,
  });
  const raise = (code: SmtpErrorCode, message: string, retrySafe: boolean, deliveryUnknown: boolean) =>
    new SmsError(code, message, { gateway, retrySafe, deliveryUnknown, details, cause });

  if (failure.code === "ETIMEDOUT") {
    return raise(
      "SMSKIT_E_SMTP_TIMEOUT",
      `${where} did not answer within ${server.timeout} s (${said}); it is not known whether the message was sent`,
      false,
      true,
    );
  }
  if (refusedPattern.test(failure.message) || (failure.code === "EPROTOCOL" && /greeting/i.test(said))) {
    return raise(
      "SMSKIT_E_SMTP_CONNECTION_REFUSED",
      `${where} refused the connection${answered || " (nothing listens there)"}; check host and port of the SMTP server definition. Nothing was sent`,
      true,
      false,
    );
  }
  if (unreachablePattern.test(failure.message) || failure.code === "EDNS") {
    return raise(
      "SMSKIT_E_SMTP_UNREACHABLE",
      `${where} cannot be reached: ${said}. Nothing was sent`,
      true,
      false,
    );
  }
  if (failure.code === "ETLS" || (failure.command === "CONN" && tlsPattern.test(failure.message))) {
    const hint = certificatePattern.test(failure.message)
      ? server.verifyTls
        ? "; the server's certificate is not trusted: give the server a certificate a public or system CA signed, or set verifyTls to false in the SMTP server definition"
        : ""
      : server.tls === "starttls"
        ? "; check that the server offers STARTTLS on this port (tls: starttls), or use tls: tls for implicit TLS (usually port 465)"
        : "; check the TLS mode of the SMTP server definition (tls: tls needs a port that speaks TLS from the start, usually 465)";
    return raise("SMSKIT_E_SMTP_TLS", `${where}: TLS failed: ${said}${hint}. Nothing was sent`, true, false);
  }
  if (failure.code === "EAUTH" || failure.command?.startsWith("AUTH") === true) {
    return raise(
      "SMSKIT_E_SMTP_AUTH_FAILED",
      `${where} refused the login of user '${server.username}'${answered || `: ${said}`}; check username and password of the SMTP server definition. Nothing was sent`,
      true,
      false,
    );
  }
  if (failure.command === "MAIL FROM" && failure.responseCode === 530) {
    return raise(
      "SMSKIT_E_SMTP_AUTH_FAILED",
      `${where} requires a login${answered}; set username and password in the SMTP server definition. Nothing was sent`,
      true,
      false,
    );
  }
  if (failure.command === "MAIL FROM") {
    return raise(
      "SMSKIT_E_SMTP_SENDER_REFUSED",
      `${where} refused the sender <${server.sender}>${answered || `: ${said}`}; the message was not sent`,
      false,
      false,
    );
  }
  if (failure.command === "RCPT TO") {
    const recipientReply = failure.rejectedReply === undefined ? reply : redact(failure.rejectedReply);
    if (recipientReply !== undefined) details.reply = recipientReply;
    return raise(
      "SMSKIT_E_SMTP_RECIPIENT_REFUSED",
      `${where} refused the recipient${scene.recipient ? ` <${scene.recipient}>` : ""}${recipientReply === undefined ? `: ${said}` : `; it answered: ${recipientReply}`}; the message was not sent`,
      false,
      false,
    );
  }
  if (failure.command === "DATA" || failure.code === "EMESSAGE") {
    return raise(
      "SMSKIT_E_SMTP_MESSAGE_REFUSED",
      `${where} refused the message${answered || `: ${said}`}; the message was not sent`,
      false,
      false,
    );
  }
  return raise(
    "SMSKIT_E_SMTP_CONNECTION_LOST",
    `${where}: ${said}; it is not known whether the message was sent`,
    false,
    true,
  );
}

/** The fields of a nodemailer error that matter here, read defensively. */
interface FailureFacts {
  message: string;
  code: string | undefined;
  command: string | undefined;
  response: string | undefined;
  responseCode: number | undefined;
  /** The reply to the first refused RCPT TO, when nodemailer kept it. */
  rejectedReply: string | undefined;
}

function describe(error: unknown): FailureFacts {
  if (!(error instanceof Error)) {
    return {
      message: String(error),
      code: undefined,
      command: undefined,
      response: undefined,
      responseCode: undefined,
      rejectedReply: undefined,
    };
  }
  const fields = error as Error & Record<string, unknown>;
  const rejected = Array.isArray(fields.rejectedErrors) ? (fields.rejectedErrors[0] as unknown) : undefined;
  const rejectedResponse =
    rejected instanceof Error ? (rejected as Error & Record<string, unknown>).response : undefined;
  return {
    message: error.message,
    code: text(fields.code),
    command: text(fields.command),
    response: text(fields.response),
    responseCode: typeof fields.responseCode === "number" ? fields.responseCode : undefined,
    rejectedReply: text(rejectedResponse),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

const refusedPattern = /\bECONNREFUSED\b/;
const unreachablePattern = /\b(ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)\b/;
const tlsPattern = /certificate|self[- ]signed|altnames|\bSSL\b|\bTLS\b|handshake|wrong version number/i;
const certificatePattern = /certificate|self[- ]signed|altnames|unable to verify/i;
