import { ConfigurationError } from "@smskit/core";

/** A command line that cannot be run as written (exit code 2, code `SMSKIT_E_USAGE`). */
export function usageError(message: string): ConfigurationError {
  return new ConfigurationError("SMSKIT_E_USAGE", message);
}
