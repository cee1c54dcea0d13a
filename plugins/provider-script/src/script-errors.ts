import { defineSendError, errorCatalogue, errorMeanings } from "@smskit/provider";

/** The error codes the script provider raises, besides core's, each defined once. */
export const scriptErrors = errorCatalogue(
  defineSendError("SMSKIT_E_SCRIPT_INVALID", "gateway '%{gateway}': %{problem}", {
    meaning:
      "The script is not (or no longer) a runnable file inside the script directory: a name with '/', '..' or NUL, a symlink leading outside, a missing or non-executable file. Nothing was run.",
    retrySafe: true,
  }),
  defineSendError(
    "SMSKIT_E_SCRIPT_START",
    "gateway '%{gateway}': script %{script} could not be started (%{reason}); check its first line (#!) names an installed interpreter",
    {
      meaning:
        "The script could not be started (e.g. its #! line names a missing interpreter). Nothing was run.",
      retrySafe: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_SCRIPT_FAILED",
    "gateway '%{gateway}': %{script} exited with code %{exitCode}; %{output}",
    {
      meaning:
        "The script exited with a non-zero code; the message carries the exit code and the end of its standard error.",
      retrySafe: false,
    },
  ),
  defineSendError(
    "SMSKIT_E_SCRIPT_KILLED",
    "gateway '%{gateway}': %{script} was killed by signal %{signal}; %{output}",
    {
      meaning:
        "The script was killed by a signal before it exited; the message carries the signal and the end of its standard error. It is not known whether the message was sent.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
  defineSendError(
    "SMSKIT_E_SCRIPT_TIMEOUT",
    "gateway '%{gateway}': script %{script} did not finish within %{seconds} s (TIMEOUT) and was killed with everything it started; it is not known whether the message was sent",
    {
      meaning:
        "The script did not finish within TIMEOUT seconds and was killed together with everything it started; the message may or may not have been sent.",
      retrySafe: false,
      deliveryUnknown: true,
    },
  ),
);

/** The error codes the script provider raises, besides core's, and what each means. */
export const scriptErrorCodes = errorMeanings(scriptErrors);
