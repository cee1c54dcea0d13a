import { defineSendError, errorCatalogue, errorMeanings } from "@smskit/provider";

/** The error codes the SMTP provider raises, besides core's, each defined once. */
export const smtpErrors = errorCatalogue(
  defineSendError(
    "SMSKIT_E_SMTP_CONNECTION_REFUSED",
    "%{where} refused the connection%{answer}; check host and port of the SMTP server definition. Nothing was sent",
    {
      meaning:
        "The SMTP server refused the connection (nothing listens at its host and port, or it refused the session in its greeting); nothing was sent, a retry is safe.",
      retrySafe: true,
    },
  ),
  defineSendError("SMSKIT_E_SMTP_UNREACHABLE", "%{where} cannot be reached: %{reason}. Nothing was sent", {
    meaning:
      "The SMTP server's host name could not be resolved or the host could not be reached; nothing was sent, a retry is safe.",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_SMTP_TLS", "%{where}: TLS failed: %{reason}%{hint}. Nothing was sent", {
    meaning:
      "TLS with the SMTP server failed: its certificate was refused (verifyTls), it does not offer STARTTLS, or the handshake broke; nothing was sent.",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_SMTP_AUTH_FAILED", "%{where} %{refusal}. Nothing was sent", {
    meaning:
      "The SMTP server refused the login with the username and password of the SMTP server definition, or requires a login the definition does not give; nothing was sent, a retry is safe.",
    retrySafe: true,
  }),
  defineSendError(
    "SMSKIT_E_SMTP_SENDER_REFUSED",
    "%{where} refused the sender <%{sender}>%{answer}; the message was not sent",
    {
      meaning:
        "The SMTP server refused the sender address of the SMTP server definition (MAIL FROM); the message was not sent.",
      retrySafe: false,
    },
  ),
  defineSendError(
    "SMSKIT_E_SMTP_RECIPIENT_REFUSED",
    "%{where} refused the recipient%{recipient}%{answer}; the message was not sent",
    {
      meaning:
        "The SMTP server refused the recipient address (RCPT TO); the message was not sent. The server's reply is in the message.",
      retrySafe: false,
    },
  ),
  defineSendError(
    "SMSKIT_E_SMTP_MESSAGE_REFUSED",
    "%{where} refused the message%{answer}; the message was not sent",
    {
      meaning:
        "The SMTP server refused the message itself after DATA (content, size, policy); the message was not sent.",
      retrySafe: false,
    },
  ),
  defineSendError(
    "SMSKIT_E_SMTP_TIMEOUT",
    "%{where} did not answer within %{seconds} s (%{reason}); it is not known whether the message was sent",
    {
      meaning:
        "The SMTP server did not answer within the timeout of its definition; it is not known whether the message was sent.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_SMTP_CONNECTION_LOST",
    "%{where}: %{reason}; it is not known whether the message was sent",
    {
      meaning:
        "The connection to the SMTP server broke, or the server answered outside the protocol; it is not known whether the message was sent.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_SMTP_RECIPIENT_INVALID",
    "gateway '%{gateway}': MAILTO %{problem}; nothing was sent",
    {
      meaning: "MAILTO did not come out as exactly one e-mail address for this recipient; nothing was sent.",
      retrySafe: true,
    },
  ),
);

/** The error codes the SMTP provider raises, besides core's, and what each means. */
export const smtpErrorCodes = errorMeanings(smtpErrors);

/** A code of the SMTP provider. */
export type SmtpErrorCode = keyof typeof smtpErrors;
