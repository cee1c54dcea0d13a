import type { SmsError } from "@smskit/provider";
import { smtpErrors } from "./smtp-error-codes.js";
import type { SmtpServerDefinition } from "./smtp-server-resource.js";

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
  const extras = { gateway, details, cause };

  if (failure.code === "ETIMEDOUT") {
    return smtpErrors.SMSKIT_E_SMTP_TIMEOUT.create({ where, seconds: server.timeout, reason: said }, extras);
  }
  if (refusedPattern.test(failure.message) || (failure.code === "EPROTOCOL" && /greeting/i.test(said))) {
    return smtpErrors.SMSKIT_E_SMTP_CONNECTION_REFUSED.create(
      { where, answer: answered || " (nothing listens there)" },
      extras,
    );
  }
  if (unreachablePattern.test(failure.message) || failure.code === "EDNS") {
    return smtpErrors.SMSKIT_E_SMTP_UNREACHABLE.create({ where, reason: said }, extras);
  }
  if (failure.code === "ETLS" || (failure.command === "CONN" && tlsPattern.test(failure.message))) {
    const hint = certificatePattern.test(failure.message)
      ? server.verifyTls
        ? "; the server's certificate is not trusted: give the server a certificate a public or system CA signed, or set verifyTls to false in the SMTP server definition"
        : ""
      : server.tls === "starttls"
        ? "; check that the server offers STARTTLS on this port (tls: starttls), or use tls: tls for implicit TLS (usually port 465)"
        : "; check the TLS mode of the SMTP server definition (tls: tls needs a port that speaks TLS from the start, usually 465)";
    return smtpErrors.SMSKIT_E_SMTP_TLS.create({ where, reason: said, hint }, extras);
  }
  if (failure.code === "EAUTH" || failure.command?.startsWith("AUTH") === true) {
    return smtpErrors.SMSKIT_E_SMTP_AUTH_FAILED.create(
      {
        where,
        refusal: `refused the login of user '${server.username}'${answered || `: ${said}`}; check username and password of the SMTP server definition`,
      },
      extras,
    );
  }
  if (failure.command === "MAIL FROM" && failure.responseCode === 530) {
    return smtpErrors.SMSKIT_E_SMTP_AUTH_FAILED.create(
      {
        where,
        refusal: `requires a login${answered}; set username and password in the SMTP server definition`,
      },
      extras,
    );
  }
  if (failure.command === "MAIL FROM") {
    return smtpErrors.SMSKIT_E_SMTP_SENDER_REFUSED.create(
      { where, sender: server.sender, answer: answered || `: ${said}` },
      extras,
    );
  }
  if (failure.command === "RCPT TO") {
    const recipientReply = failure.rejectedReply === undefined ? reply : redact(failure.rejectedReply);
    if (recipientReply !== undefined) details.reply = recipientReply;
    return smtpErrors.SMSKIT_E_SMTP_RECIPIENT_REFUSED.create(
      {
        where,
        recipient: scene.recipient ? ` <${scene.recipient}>` : "",
        answer: recipientReply === undefined ? `: ${said}` : `; it answered: ${recipientReply}`,
      },
      extras,
    );
  }
  if (failure.command === "DATA" || failure.code === "EMESSAGE") {
    return smtpErrors.SMSKIT_E_SMTP_MESSAGE_REFUSED.create(
      { where, answer: answered || `: ${said}` },
      extras,
    );
  }
  return smtpErrors.SMSKIT_E_SMTP_CONNECTION_LOST.create({ where, reason: said }, extras);
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
