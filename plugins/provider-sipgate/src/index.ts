import { defineProvider, type ParametersOf, type ProviderInstance } from "@smskit/provider";
import { defaultRestUrl, defaultXmlRpcUrl } from "./sipgate-endpoints.js";
import { sipgateErrorCodes, sipgateErrors } from "./sipgate-errors.js";

export { sipgateErrorCodes } from "./sipgate-errors.js";

/** The sipgate provider: sipgate's web SMS over XML-RPC (privacyIDEA's SipgateSMSProvider) or REST. */
const sipgateProvider = defineProvider({
  specVersion: 1,
  id: "sipgate",
  kind: "sms",
  displayName: "sipgate",
  description:
    "Sends SMS through sipgate: the XML-RPC call samurai.SessionInitiate (as privacyIDEA does) or sipgate's REST API (POST /sessions/sms).",
  docsUrl: "https://www.sipgate.io/rest-api",
  optionsAllowed: false,
  headersAllowed: false,
  legacyNames: ["privacyidea.lib.smsprovider.SipgateSMSProvider.SipgateSMSProvider"],
  errorCodes: sipgateErrorCodes,
  errors: sipgateErrors,
  parameters: {
    type: "object",
    properties: {
      USERNAME: {
        type: "string",
        minLength: 1,
        description: "The sipgate user name (REST: also a token id) used for HTTP basic authentication.",
      },
      PASSWORD: {
        type: "string",
        minLength: 1,
        writeOnly: true,
        description:
          "The sipgate password (REST: also a personal access token); a secret, never shown again.",
      },
      MODE: {
        type: "string",
        enum: ["xmlrpc", "rest"],
        default: "xmlrpc",
        description:
          "xmlrpc: the XML-RPC call samurai.SessionInitiate, as privacyIDEA sends it; rest: sipgate's REST API, POST <URL>/sessions/sms (needs SMS_ID).",
      },
      URL: {
        type: "string",
        format: "http-url",
        description: `The endpoint: default ${defaultXmlRpcUrl} in xmlrpc mode; in rest mode the API base, default ${defaultRestUrl}.`,
        examples: [defaultXmlRpcUrl, defaultRestUrl],
      },
      SMS_ID: {
        type: "string",
        minLength: 1,
        description: "The id of the sipgate SMS extension to send from, e.g. s0 (required in rest mode).",
        examples: ["s0"],
      },
      PROXY: {
        type: "string",
        format: "http-url",
        description:
          "A forward proxy to reach sipgate through, e.g. http://proxy.example.net:3128 (credentials as http://user:password@host:port).",
      },
      REGEXP: {
        type: "string",
        format: "phone-rewrite",
        description:
          "Rewrite of the recipient number as /pattern/replacement/, e.g. /^0/49/; xmlrpc mode then drops one leading + for the sip: address.",
      },
    },
    required: ["USERNAME", "PASSWORD"],
  },
  validate(config) {
    if (config.parameters.MODE === "rest" && config.parameters.SMS_ID === undefined) {
      return [
        {
          key: "SMS_ID",
          message:
            "is required when MODE is rest: give the id of the sipgate SMS extension to send from, e.g. s0",
        },
      ];
    }
    return [];
  },
  async create(config, context): Promise<ProviderInstance> {
    // undici loads here, with the first instance, not when the manifest is imported.
    const { createSipgateInstance } = await import("./sipgate-provider.js");
    return createSipgateInstance(config.parameters, context);
  },
});

/** The parameters of a sipgate gateway as `create` receives them (derived from the schema). */
export type SipgateParameters = ParametersOf<typeof sipgateProvider.parameters>;

export default sipgateProvider;
