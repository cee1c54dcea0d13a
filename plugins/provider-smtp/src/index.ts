import { defineProvider, type ParametersOf, type ProviderInstance } from "@smskit/provider";
import { mailAddressProblem } from "./mail-address.js";
import { smtpErrorCodes, smtpErrors } from "./smtp-error-codes.js";

export { smtpErrorCodes } from "./smtp-error-codes.js";

/**
 * The SMTP provider: an e-mail-to-SMS gateway. Each message is a mail to MAILTO sent through a
 * centrally defined SMTP server (privacyIDEA's SmtpSMSProvider), over one pooled connection set
 * per server definition.
 */
const smtpProvider = defineProvider({
  specVersion: 1,
  id: "smtp",
  kind: "sms",
  displayName: "E-mail to SMS (SMTP)",
  description:
    "Sends each SMS as an e-mail to an e-mail-to-SMS gateway, through a centrally defined SMTP server (plain, STARTTLS or implicit TLS, with or without AUTH).",
  optionsAllowed: false,
  headersAllowed: false,
  legacyNames: ["privacyidea.lib.smsprovider.SmtpSMSProvider.SmtpSMSProvider"],
  errorCodes: smtpErrorCodes,
  errors: smtpErrors,
  parameters: {
    type: "object",
    properties: {
      MAILTO: {
        type: "string",
        minLength: 1,
        description:
          "The recipient address of the mail; {phone} and {otp} are replaced, e.g. {phone}@sms.example.net. Must come out as exactly one address.",
        examples: ["{phone}@sms.example.net"],
      },
      SMTPIDENTIFIER: {
        type: "string",
        minLength: 1,
        "x-aliases": ["SMTPIDENTIFIED"],
        "x-reference": "smtp-server",
        description:
          "The name of the central SMTP server definition to send through (smskit smtp set NAME --host … --sender …); it must exist when the gateway is saved.",
        examples: ["mail-relay"],
      },
      SUBJECT: {
        type: "string",
        default: "{phone}",
        description:
          "The subject of the mail; {phone} and {otp} are replaced. Line breaks become spaces (a subject is one line).",
      },
      BODY: {
        type: "string",
        default: "{otp}",
        "x-multiline": true,
        description:
          "The text of the mail (plain text, may span several lines); {phone} and {otp} are replaced. Sent as text exactly: a file name or URL in it is never read or fetched.",
      },
      REGEXP: {
        type: "string",
        format: "phone-rewrite",
        description:
          "Rewrite of the recipient number as /pattern/replacement/ before {phone} is filled in, e.g. /^\\+// to drop a leading plus.",
      },
    },
    required: ["MAILTO", "SMTPIDENTIFIER"],
  },
  validate(config) {
    const sample = config.parameters.MAILTO.replaceAll("{phone}", "491701234567").replaceAll(
      "{otp}",
      "123456",
    );
    const problem = mailAddressProblem(sample);
    return problem ? [{ key: "MAILTO", message: problem }] : [];
  },
  async create(config, context): Promise<ProviderInstance> {
    // nodemailer loads here, with the first instance, not when the manifest is imported.
    const { createSmtpInstance } = await import("./smtp-provider.js");
    return createSmtpInstance(config.parameters, context);
  },
});

/** The parameters of an SMTP gateway as `create` receives them (derived from the schema). */
export type SmtpParameters = ParametersOf<typeof smtpProvider.parameters>;

export default smtpProvider;
