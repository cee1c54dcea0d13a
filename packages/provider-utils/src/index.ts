export { gatewayMessage, gatewayPrefix } from "./gateway-message.js";
export { type ClosablePool, closeGracefully, closeGraceMs } from "./pool-close.js";
export {
  type BodyStream,
  bodyExcerpt,
  type CappedBody,
  excerptBytes,
  readCappedBody,
} from "./response-body.js";
export {
  describeFailure,
  type TransportErrorDefinition,
  type TransportErrorOptions,
  transportError,
  transportErrorCodes,
  transportErrors,
  transportTemplate,
} from "./transport-error.js";
export {
  classifyTransportFailure,
  isTimeoutReason,
  type TransportContext,
  type TransportFailure,
  type TransportFailureKind,
} from "./transport-failure.js";
