import { SmsError, type SmsErrorDetails } from "@smskit/provider";

/** The SMPP provider's error codes and what each means. */
export const smppErrorCodes = {
  SMSKIT_E_SMPP_CONNECT:
    "The SMSC could not be reached: the connection was refused, failed or the TLS handshake failed. Nothing was sent.",
  SMSKIT_E_SMPP_BIND_REFUSED:
    "The SMSC refused the bind (e.g. ESME_RINVPASWD, ESME_RINVSYSID): check SYSTEM_ID, PASSWORD and SYSTEM_TYPE. Nothing was sent.",
  SMSKIT_E_SMPP_TIMEOUT:
    "The SMSC did not answer within TIMEOUT seconds (connect, bind or a submit). For a submit it is not known whether the message was delivered.",
  SMSKIT_E_SMPP_LINK_LOST:
    "The connection to the SMSC broke while a submit was outstanding; it is not known whether the message was delivered.",
  SMSKIT_E_SMPP_SUBMIT_REFUSED:
    "The SMSC answered the submit_sm with an error status (named in the message), other than throttling.",
  SMSKIT_E_SMPP_TEXT_TOO_LONG: "The text needs more than 255 concatenated SMS parts.",
  SMSKIT_E_SMPP_CLOSED: "The gateway's SMPP session was closed (the instance was retired or shut down).",
} as const;

/** An error code of this provider. */
export type SmppErrorCode = keyof typeof smppErrorCodes;

/** Build an `SmsError` of this provider. `gateway` and `provider` are filled in by the pipeline. */
export function smppError(code: SmppErrorCode, message: string, details: SmsErrorDetails): SmsError {
  return new SmsError(code, message, { provider: "smpp", ...details });
}

/** A request that never left: the session was already gone. Sending it on a new session is safe. */
export class NotSentError extends Error {
  override name = "NotSentError";
}
