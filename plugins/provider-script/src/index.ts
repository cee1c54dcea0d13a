import { defineProvider, type ParametersOf, type ProviderInstance } from "@smskit/provider";
import { scriptErrorCodes, scriptErrors } from "./script-errors.js";
import { isScriptProblem, resolveScript, scriptDirectoryOf } from "./script-path.js";
import { createScriptInstance } from "./script-provider.js";

export { scriptErrorCodes } from "./script-errors.js";

/** The script provider: a local executable does the sending (privacyIDEA's ScriptSMSProvider). */
const scriptProvider = defineProvider({
  specVersion: 1,
  id: "script",
  kind: "sms",
  displayName: "Script",
  description:
    "Runs an executable from the script directory for every message: the recipient as its only argument, the text on standard input, no shell.",
  optionsAllowed: false,
  headersAllowed: false,
  legacyNames: ["privacyidea.lib.smsprovider.ScriptSMSProvider.ScriptSMSProvider"],
  errorCodes: scriptErrorCodes,
  errors: scriptErrors,
  parameters: {
    type: "object",
    properties: {
      script: {
        type: "string",
        minLength: 1,
        description:
          "The file name of the executable inside the script directory (SMSKIT_SCRIPT_DIR, --script-dir, default /etc/smskit/scripts). No '/' or '..'.",
        examples: ["send-sms.sh"],
      },
      background: {
        type: "string",
        enum: ["wait", "background"],
        description:
          "wait: the send waits for the script and fails on a non-zero exit; background: the send returns once the script has started and read its input, and a later failure is only logged.",
      },
      REGEXP: {
        type: "string",
        format: "phone-rewrite",
        description:
          "Rewrite of the recipient number as /pattern/replacement/, e.g. /^0/49/ or /[+/]//; applied before the script gets the number.",
      },
      TIMEOUT: {
        type: "number",
        exclusiveMinimum: 0,
        maximum: 86400,
        default: 30,
        description:
          "Seconds a script in wait mode may run (at most 86400); after that it is killed with everything it started and the send fails.",
      },
    },
    required: ["script", "background"],
  },
  async validate(config, context) {
    const resolved = await resolveScript(
      await scriptDirectoryOf(context.resources),
      config.parameters.script,
    );
    return isScriptProblem(resolved) ? [{ key: "script", message: resolved.problem }] : [];
  },
  create(config, context): ProviderInstance {
    return createScriptInstance(config.parameters, context);
  },
});

/** The parameters of a script gateway as `create` receives them (derived from the schema). */
export type ScriptParameters = ParametersOf<typeof scriptProvider.parameters>;

export default scriptProvider;
