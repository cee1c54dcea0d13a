import {
  defineSendError,
  errorCatalogue,
  errorMeanings,
  SmsError,
  type SmsErrorDetails,
} from "@smskit/provider";

/** The SMPP provider's error codes, each defined once. */
export const smppErrors = errorCatalogue(
  defineSendError("SMSKIT_E_SMPP_CONNECT", "%{where} %{failure}", {
    meaning:
      "The SMSC could not be reached: the connection was refused, failed or the TLS handshake failed. Nothing was sent.",
    retrySafe: true,
  }),
  defineSendError(
    "SMSKIT_E_SMPP_CONNECT_TIMEOUT",
    "%{where} did not %{step} within %{seconds}; check SMSC_HOST, SMSC_PORT%{tls} and the network",
    {
      meaning:
        "The SMSC did not accept the connection or did not answer the bind within TIMEOUT seconds. Nothing was sent.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_SMPP_BIND_REFUSED",
    "%{where} refused the bind as %{mode} with %{status}; check SYSTEM_ID, PASSWORD and SYSTEM_TYPE",
    {
      meaning:
        "The SMSC refused the bind (e.g. ESME_RINVPASWD, ESME_RINVSYSID): check SYSTEM_ID, PASSWORD and SYSTEM_TYPE. Nothing was sent.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_SMPP_TIMEOUT",
    "%{where} did not answer the %{command} within %{seconds}; it is not known whether it was carried out",
    {
      meaning:
        "The SMSC did not answer a submit within TIMEOUT seconds; it is not known whether the message was delivered.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_SMPP_LINK_LOST",
    "%{where} connection ended (%{reason}) while the %{command} was outstanding; it is not known whether the message was delivered",
    {
      meaning:
        "The connection to the SMSC broke while a submit was outstanding; it is not known whether the message was delivered.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_SMPP_SUBMIT_REFUSED",
    "gateway '%{gateway}': the SMSC refused the submit_sm with %{status}",
    {
      meaning:
        "The SMSC answered the submit_sm with an error status (named in the message), other than throttling. Nothing was sent.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_SMPP_PARTLY_SENT",
    "%{failure} (%{accepted} of %{total} parts were accepted before)",
    {
      meaning:
        "A part of a long text failed after the SMSC had accepted the parts before it (the message says why the part failed): sending the text again repeats those parts.",
      retrySafe: false,
    },
  ),
  defineSendError("SMSKIT_E_SMPP_TEXT_TOO_LONG", "gateway '%{gateway}': %{problem}", {
    meaning: "The text needs more than 255 concatenated SMS parts. Nothing was sent.",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_SMPP_CLOSED", "gateway '%{gateway}': the SMPP session was closed", {
    meaning:
      "The gateway's SMPP session was closed (the instance was retired or shut down). Nothing was sent.",
    retrySafe: true,
  }),
);

/** The SMPP provider's error codes and what each means. */
export const smppErrorCodes = errorMeanings(smppErrors);

/** An error code of this provider. */
export type SmppErrorCode = keyof typeof smppErrors;

/**
 * Build an `SmsError` of this provider with a message of its own (prefer
 * `smppErrors.X.create(…)`): `retrySafe` and `deliveryUnknown` are always the definition's.
 * `gateway` and `provider` are filled in by the pipeline.
 */
export function smppError(
  code: SmppErrorCode,
  message: string,
  details: Omit<SmsErrorDetails, "retrySafe" | "deliveryUnknown"> & {
    retrySafe?: boolean;
    deliveryUnknown?: boolean;
  },
): SmsError {
  const { retrySafe, deliveryUnknown } = smppErrors[code];
  return new SmsError(code, message, { provider: "smpp", ...details, retrySafe, deliveryUnknown });
}

/** A request that never left: the session was already gone. Sending it on a new session is safe. */
export class NotSentError extends Error {
  override name = "NotSentError";
}
