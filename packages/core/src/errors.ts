// The error classes and the code catalogue live in the contract package, so that providers and
// core raise the very same classes; core re-exports them for its own modules and its users.
export {
  ConfigurationError,
  coreErrors,
  type ErrorCode,
  errorCodes,
  isSmsError,
  isSmskitError,
  ManifestError,
  type SendAttempt,
  SmsError,
  type SmsErrorDetails,
  SmskitError,
  type ValidationIssue,
} from "@smskit/provider";
