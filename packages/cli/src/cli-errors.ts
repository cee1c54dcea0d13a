import { defineError, errorCatalogue } from "@smskit/provider";

/** The CLI's own codes, beside core's (which it raises for usage and configuration errors). */
export const cliErrors = errorCatalogue(
  defineError("SMSKIT_E_OUTPUT", "cannot write the output: %{reason}", {
    meaning:
      "The CLI could not write its output (e.g. no space left on the device, a closed pipe); the command's own work may have been done. Exit code 1.",
  }),
);
