import { defineProvider, type ValidationIssue } from "@smskit/provider";
import { httpErrorCodes, httpErrors } from "./http-error-codes.js";
import { httpParameters } from "./http-parameters.js";
import { messageIdReader, statusMap } from "./http-receipts.js";
import { parseFixedParameters } from "./http-settings.js";
import { jsonNestsDeeperThan } from "./json-depth.js";
import { httpPresets } from "./presets.js";

/** How deeply PARAMETER given as JSON text may nest: as deeply as core lets any parameter value nest. */
const maximumParameterDepth = 32;

/**
 * The HTTP provider: any SMS gateway that takes a GET or POST request (Clickatell, Twilio,
 * GTX-Messaging, in-house gateways). Parameters are privacyIDEA's, so exported privacyIDEA
 * definitions of `privacyidea.lib.smsprovider.HttpSMSProvider.HttpSMSProvider` import unchanged.
 */
const httpProvider = defineProvider({
  specVersion: 1,
  id: "http",
  kind: "sms",
  displayName: "HTTP gateway",
  description:
    "Sends each message as one HTTP GET or POST request (query, form or JSON) to any SMS gateway; success is decided by the status and, optionally, by text in the response.",
  parameters: httpParameters,
  optionsAllowed: true,
  headersAllowed: true,
  legacyNames: ["privacyidea.lib.smsprovider.HttpSMSProvider.HttpSMSProvider"],
  presets: httpPresets,
  errorCodes: httpErrorCodes,
  errors: httpErrors,
  receiptSecretParameter: "RECEIPT_SECRET",
  validate(config) {
    const issues: ValidationIssue[] = [];
    const text = config.parameters.PARAMETER;
    if (typeof text === "string" && jsonNestsDeeperThan(text, maximumParameterDepth)) {
      return [
        {
          key: "PARAMETER",
          message: `nests objects or lists more than ${maximumParameterDepth} levels deep; flatten it`,
        },
      ];
    }
    const fixed = parseFixedParameters(text);
    if (fixed === undefined) {
      issues.push({
        key: "PARAMETER",
        message: 'must be a JSON object of fixed extra parameters, e.g. {"api_id": "1234"}',
      });
    } else {
      for (const key of Object.keys(fixed)) {
        if (Object.hasOwn(config.options, key)) {
          issues.push({
            key: `options.${key}`,
            message: `is also set in PARAMETER; give ${key} in one place only`,
          });
        }
      }
    }
    if (messageIdReader(config.parameters.MESSAGE_ID_FIELD) === undefined) {
      issues.push({
        key: "MESSAGE_ID_FIELD",
        message:
          "must be a JSON pointer such as /sid, or /regex/ with exactly one capturing group such as /ID: (\\w+)/",
      });
    }
    if (statusMap(config.parameters.RECEIPT_STATUS_MAP) === undefined) {
      issues.push({
        key: "RECEIPT_STATUS_MAP",
        message:
          'must be a JSON object from the gateway\'s status words to enroute, delivered, undelivered, expired, rejected or unknown, e.g. {"DELIVRD": "delivered"}',
      });
    }
    return issues;
  },
  async create(config, context) {
    // undici loads here, with the first instance, not when the manifest is imported.
    const { createHttpGateway } = await import("./http-provider.js");
    return createHttpGateway(config, context);
  },
});

export default httpProvider;
export { type HttpErrorCode, httpErrorCodes } from "./http-error-codes.js";
export { httpParameters } from "./http-parameters.js";
export { connectionsPerGateway, type HttpParameters } from "./http-settings.js";
export { clickatellPreset, gtxMessagingPreset, httpPresets, twilioPreset } from "./presets.js";
