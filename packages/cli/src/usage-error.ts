import type { ConfigurationError } from "@smskit/core";
import { coreErrors } from "@smskit/provider";

/** A command line that cannot be run as written (exit code 2, code `SMSKIT_E_USAGE`). */
export function usageError(message: string): ConfigurationError {
  return coreErrors.SMSKIT_E_USAGE.create({ problem: message });
}
