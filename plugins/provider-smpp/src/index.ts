import { defineProvider, type ParametersOf, type ProviderInstance } from "@smskit/provider";
import { smppErrorCodes, smppErrors } from "./smpp-errors.js";

// The alphabet and the split live in @smskit/sms-encoding (one implementation for the
// provider and the encoding preview); re-exported here for the provider's existing users.
export {
  decodeGsm,
  decodeUcs2,
  encodeGsm,
  encodeUcs2,
  gsmSeptetCount,
  isGsmText,
  type MessagePlan,
  planMessage,
  smsLimits,
  type TextEncoding,
} from "@smskit/sms-encoding";
export { concatenationHeader, type EncodedMessage, encodeMessage, UDH_INDICATOR } from "./message-parts.js";
export { smppErrorCodes } from "./smpp-errors.js";

const tonDescription =
  "0 unknown, 1 international, 2 national, 3 network specific, 4 subscriber number, 5 alphanumeric, 6 abbreviated.";
const npiDescription =
  "0 unknown, 1 ISDN (E.164), 3 data (X.121), 4 telex, 6 land mobile, 8 national, 9 private.";

/** The SMPP provider: an SMS centre (SMSC) over SMPP 3.4 (privacyIDEA's SmppSMSProvider). */
const smppProvider = defineProvider({
  specVersion: 1,
  id: "smpp",
  kind: "sms",
  displayName: "SMPP (SMS centre)",
  description:
    "Talks SMPP 3.4 to an SMS centre: one persistent transmitter session per gateway with a window of outstanding submits, enquire_link keep-alive and reconnect with backoff; GSM 03.38 or UCS-2 text, long texts as concatenated parts.",
  optionsAllowed: false,
  headersAllowed: false,
  legacyNames: ["privacyidea.lib.smsprovider.SmppSMSProvider.SmppSMSProvider"],
  errorCodes: smppErrorCodes,
  errors: smppErrors,
  parameters: {
    type: "object",
    properties: {
      SMSC_HOST: {
        type: "string",
        minLength: 1,
        description: "Host name or IP address of the SMS centre (SMSC).",
        examples: ["smsc.example.net", "192.0.2.10"],
      },
      SMSC_PORT: {
        type: "integer",
        minimum: 1,
        maximum: 65535,
        default: 2775,
        description: "TCP port of the SMSC (2775 is SMPP's registered port; SMPP over TLS often uses 3550).",
      },
      SYSTEM_ID: {
        type: "string",
        default: "",
        description: "The system_id the gateway binds with (the SMSC account name, at most 15 characters).",
      },
      PASSWORD: {
        type: "string",
        writeOnly: true,
        description: "The password of the bind (at most 8 characters in SMPP 3.4). Secret.",
      },
      SYSTEM_TYPE: {
        type: "string",
        default: "",
        description:
          "The system_type of the bind, when the SMSC asks for one (e.g. VMS, OTA); usually empty.",
      },
      S_ADDR: {
        type: "string",
        default: "",
        description:
          "The sender address (source_addr) the recipient sees: a number or, with S_ADDR_TON 5, an alphanumeric name of up to 11 characters.",
        examples: ["4917012345678", "ACME"],
      },
      S_ADDR_TON: {
        type: "integer",
        minimum: 0,
        maximum: 255,
        default: 0,
        description: `Type of number of the sender address (source_addr_ton): ${tonDescription}`,
      },
      S_ADDR_NPI: {
        type: "integer",
        minimum: 0,
        maximum: 255,
        default: 0,
        description: `Numbering plan of the sender address (source_addr_npi): ${npiDescription}`,
      },
      D_ADDR_TON: {
        type: "integer",
        minimum: 0,
        maximum: 255,
        default: 0,
        description: `Type of number of the destination (dest_addr_ton): ${tonDescription}`,
      },
      D_ADDR_NPI: {
        type: "integer",
        minimum: 0,
        maximum: 255,
        default: 0,
        description: `Numbering plan of the destination (dest_addr_npi): ${npiDescription}`,
      },
      REGEXP: {
        type: "string",
        format: "phone-rewrite",
        description:
          "Rewrite of the recipient number as /pattern/replacement/, e.g. /^0/49/ or /[+/]//; the SMSC gets the rewritten number as destination_addr.",
      },
      WINDOW: {
        type: "integer",
        minimum: 1,
        maximum: 1000,
        default: 10,
        description:
          "How many submit_sm may be outstanding (sent, not yet answered) on the session at once; more sends wait their turn.",
      },
      ENQUIRE_LINK: {
        type: "number",
        exclusiveMinimum: 0,
        maximum: 86400,
        default: 30,
        description:
          "Seconds between enquire_link keep-alives (at most 86400); an enquire_link unanswered within TIMEOUT drops the connection and reconnects.",
      },
      TIMEOUT: {
        type: "number",
        exclusiveMinimum: 0,
        maximum: 86400,
        default: 10,
        description:
          "Seconds allowed for the connect, for the bind and for each response of the SMSC (at most 86400).",
      },
      REGISTERED_DELIVERY: {
        type: "boolean",
        default: false,
        description:
          "Ask for delivery receipts (yes/no, default no): the session binds as transceiver, every submit_sm carries registered_delivery 1, and the receipts (deliver_sm / data_sm) move the message log's status.",
      },
      TLS: {
        type: "boolean",
        default: false,
        description:
          "SMPP over TLS: the SMSC's certificate must be valid for SMSC_HOST and trusted by the system (or NODE_EXTRA_CA_CERTS).",
      },
    },
    required: ["SMSC_HOST"],
  },
  async create(config, context): Promise<ProviderInstance> {
    // The smpp library loads here, with the first instance, not when the manifest is imported.
    const { createSmppInstance } = await import("./smpp-provider.js");
    return createSmppInstance(config.parameters, context);
  },
});

/** The parameters of an SMPP gateway as `create` receives them (derived from the schema). */
export type SmppParameters = ParametersOf<typeof smppProvider.parameters>;

export default smppProvider;
