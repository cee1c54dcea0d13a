import { defineSendError, errorCatalogue } from "./error-definition.js";

/** Core's codes of a failed send (an `SmsError`), each with its outcome decided once. */
export const sendErrors = errorCatalogue(
  defineSendError("SMSKIT_E_RECIPIENT_INVALID", "gateway '%{gateway}': %{problem}; nothing was sent", {
    meaning:
      "The recipient is empty (also after the REGEXP rewrite), or for an SMS provider starts with '-'; nothing was sent.",
    status: 422,
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_SEND_TIMEOUT", "gateway '%{gateway}': %{failure}", {
    meaning: "The provider did not finish within the deadline; the message may or may not have been sent.",
    retrySafe: false,
    deliveryUnknown: true,
  }),
  defineSendError("SMSKIT_E_SEND_ABORTED", "gateway '%{gateway}': %{failure}", {
    meaning: "The caller aborted the send; the message may or may not have been sent.",
    retrySafe: false,
    deliveryUnknown: true,
  }),
  defineSendError(
    "SMSKIT_E_SEND_CANCELLED",
    "gateway '%{gateway}': the send was aborted by the caller while it waited; nothing was sent",
    {
      meaning:
        "The caller aborted the send while it waited for its rate limit or a retry, before anything went out; nothing was sent.",
      retrySafe: true,
    },
  ),
  defineSendError("SMSKIT_E_SEND_FAILED", "gateway '%{gateway}': %{failure}", {
    meaning:
      "The provider failed in a way it did not classify; it is not known whether the message was sent.",
    retrySafe: false,
    deliveryUnknown: true,
  }),
  defineSendError(
    "SMSKIT_E_SEND_SETUP_FAILED",
    "gateway '%{gateway}': provider '%{provider}' could not be set up: %{reason}; nothing was sent",
    {
      meaning:
        "The provider could not be set up for the gateway (it threw before sending anything); nothing was sent.",
      retrySafe: true,
    },
  ),
  defineSendError("SMSKIT_E_SEND_UNREACHABLE", "gateway '%{gateway}': %{failure}", {
    meaning:
      "The gateway could not be reached, its TLS certificate or handshake failed, the proxy refused, or the request could not be built; nothing was sent.",
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_CLOSED", "%{what} closed%{next}", {
    meaning: "The smskit instance was closed; no more sends are accepted.",
    status: 503,
    retrySafe: true,
  }),
  defineSendError(
    "SMSKIT_E_RATE_LIMITED",
    "gateway '%{gateway}': its rate limit of %{rate}/s would make this send wait past its deadline; nothing was sent",
    {
      meaning: "The gateway's rate limit would have made the send wait past its deadline; nothing was sent.",
      status: 429,
      retrySafe: true,
    },
  ),
  defineSendError("SMSKIT_E_CIRCUIT_OPEN", "%{target} %{skipped}; nothing was sent", {
    meaning: "Every gateway of the send was skipped because its circuit breaker is open; nothing was sent.",
    status: 503,
    retrySafe: true,
  }),
  defineSendError(
    "SMSKIT_E_IDEMPOTENCY_PENDING",
    "the first send with idempotency key %{key} has not finished; it was not sent again — repeat later to get its outcome",
    {
      meaning:
        "The first send with this idempotency key has not finished within the deadline; nothing was sent again.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError("SMSKIT_E_QUEUE", "%{what} could not be written; nothing was enqueued — try again", {
    meaning: "The durable queue could not be written; nothing was enqueued, trying again is safe.",
    status: 503,
    retrySafe: true,
  }),
  defineSendError("SMSKIT_E_MESSAGE_EXPIRED", "message %{id} passed its TTL in the queue; it was not sent", {
    meaning: "A queued message passed its TTL before a worker sent it; it was not sent.",
    retrySafe: false,
  }),
  defineSendError(
    "SMSKIT_E_WORKER_LOST",
    "message %{id}: the worker sending it stopped before recording the outcome; it may have gone out and is not sent again",
    {
      meaning:
        "The worker sending a queued message stopped before recording the outcome; it may have gone out and is not resent.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError("SMSKIT_E_RECEIPT_REFUSED", "gateway '%{gateway}': %{why}", {
    meaning:
      "A status callback was not genuine (a wrong signature or secret) or could not be read; nothing changed.",
    status: 403,
    retrySafe: false,
  }),
);
