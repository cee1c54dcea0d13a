import { defineSendError, errorCatalogue, errorMeanings } from "@smskit/provider";
import { transportTemplate } from "@smskit/provider-utils";

/** The error codes the sipgate provider raises, besides core's, each defined once. */
export const sipgateErrors = errorCatalogue(
  defineSendError("SMSKIT_E_SIPGATE_UNREACHABLE", transportTemplate, {
    meaning:
      "No connection to sipgate (or the proxy) could be made, or the proxy refused the tunnel; nothing was sent, a retry is safe.",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_SIPGATE_TLS", transportTemplate, {
    meaning: "The TLS handshake with sipgate failed (certificate, protocol); nothing was sent.",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_SIPGATE_CONNECTION", transportTemplate, {
    meaning:
      "The connection broke (or sipgate did not answer in time) after the request may have gone out; it is not known whether the message was sent.",
    retrySafe: false,
    deliveryUnknown: true,
  }),
  defineSendError("SMSKIT_E_SIPGATE_REQUEST_INVALID", transportTemplate, {
    meaning:
      "The request could not be built: a header or the URL holds a character HTTP does not allow; nothing was sent, a retry is safe.",
    retrySafe: true,
  }),
  defineSendError(
    "SMSKIT_E_SIPGATE_AUTH",
    "gateway '%{gateway}': sipgate refused the login with HTTP %{status}; check USERNAME and PASSWORD%{answer}",
    {
      meaning: "sipgate answered 401 or 403: USERNAME or PASSWORD is wrong; nothing was sent.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_SIPGATE_STATUS",
    "gateway '%{gateway}': sipgate answered HTTP %{status}%{answer}",
    {
      meaning:
        "sipgate refused the request with an HTTP status below 500 (other than 401 and 403); the status and the answer are in the message. The message was not sent.",
      retrySafe: false,
    },
  ),
  defineSendError(
    "SMSKIT_E_SIPGATE_SERVER_ERROR",
    "gateway '%{gateway}': sipgate answered HTTP %{status}%{answer}",
    {
      meaning:
        "sipgate answered with a server error (HTTP 500 or above); the status and the answer are in the message. It is not known whether the message was sent.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_SIPGATE_FAULT",
    "gateway '%{gateway}': sipgate refused the message with fault %{faultCode}: %{faultString}",
    {
      meaning:
        "sipgate answered the XML-RPC call with a fault; its faultCode and faultString are in the message.",
      retrySafe: false,
    },
  ),
  defineSendError(
    "SMSKIT_E_SIPGATE_REJECTED",
    "gateway '%{gateway}': sipgate answered with StatusCode %{statusCode}: %{statusString}",
    { meaning: "sipgate's XML-RPC answer carried a StatusCode other than 200.", retrySafe: false },
  ),
  defineSendError(
    "SMSKIT_E_SIPGATE_RESPONSE",
    "gateway '%{gateway}': sipgate answered 200 but not with an XML-RPC answer (%{problem}): %{answer}; it is not known whether the message was sent",
    {
      meaning:
        "sipgate answered 200 but not with an XML-RPC answer; it is not known whether the message was sent.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_SIPGATE_MESSAGE_INVALID",
    "gateway '%{gateway}': the %{what} contains the character %{codePoint} at position %{index}, which XML-RPC (XML 1.0) cannot carry; remove it (nothing was sent)",
    {
      meaning:
        "The message or recipient contains a character XML 1.0 cannot carry (a control character other than tab, line feed or carriage return, a lone surrogate, U+FFFE, U+FFFF); nothing was sent.",
      retrySafe: true,
    },
  ),
);

/** The error codes the sipgate provider raises, besides core's, and what each means. */
export const sipgateErrorCodes = errorMeanings(sipgateErrors);
