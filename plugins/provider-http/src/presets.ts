import type { ProviderPreset } from "@smskit/provider";

/**
 * Clickatell's HTTP API: a GET with the account's user, password and API id as options;
 * a reply containing "ID" means the message was accepted.
 */
export const clickatellPreset: ProviderPreset = {
  name: "clickatell",
  description:
    'Clickatell HTTP API (GET). Fill in the options user, password and api_id with your Clickatell account\'s values; a reply containing "ID" counts as sent.',
  parameters: {
    URL: "https://api.clickatell.com/http/sendmsg",
    HTTP_METHOD: "GET",
    RETURN_SUCCESS: "ID",
  },
  options: {
    user: "",
    password: "",
    api_id: "",
    text: "{otp}",
    to: "{phone}",
  },
};

/**
 * GTX-Messaging (Germany): a GET with the routing account's user and pass as options;
 * a reply containing "200 OK" means the message was accepted.
 */
export const gtxMessagingPreset: ProviderPreset = {
  name: "gtx-messaging",
  description:
    'GTX-Messaging HTTP API (GET). Fill in the options user and pass with the credentials of your routing account (not your login); a reply containing "200 OK" counts as sent.',
  parameters: {
    URL: "https://http.gtx-messaging.net/smsc.php",
    HTTP_METHOD: "GET",
    CHECK_SSL: "yes",
    RETURN_SUCCESS: "200 OK",
  },
  options: {
    user: "",
    pass: "",
    to: "{phone}",
    text: "{otp}",
  },
  secretOptions: ["pass"],
};

/**
 * Twilio's Messages API: a POST form with basic authentication by the account SID and auth
 * token; Twilio answers 201 Created.
 */
export const twilioPreset: ProviderPreset = {
  name: "twilio",
  description:
    "Twilio Messages API (POST form). Replace ACCOUNT_SID in the URL and in USERNAME with your account SID, set PASSWORD to your auth token and the option From to your Twilio phone number. Status callbacks: set the option StatusCallback to the gateway's receipt URL; they are checked by X-Twilio-Signature.",
  parameters: {
    URL: "https://api.twilio.com/2010-04-01/Accounts/ACCOUNT_SID/Messages.json",
    HTTP_METHOD: "POST",
    USERNAME: "ACCOUNT_SID",
    MESSAGE_ID_FIELD: "/sid",
    RECEIPTS: true,
    RECEIPT_ID_FIELD: "MessageSid",
    RECEIPT_STATUS_FIELD: "MessageStatus",
    RECEIPT_ERROR_FIELD: "ErrorCode",
    RECEIPT_STATUS_MAP: {
      accepted: "enroute",
      scheduled: "enroute",
      queued: "enroute",
      sending: "enroute",
      sent: "enroute",
      delivered: "delivered",
      undelivered: "undelivered",
      failed: "rejected",
      canceled: "rejected",
      read: "delivered",
    },
    RECEIPT_SIGNATURE: "twilio",
  },
  options: {
    From: "",
    Body: "{otp}",
    To: "{phone}",
  },
};

/** Every preset of the HTTP provider, in the order a user is offered them. */
export const httpPresets: readonly ProviderPreset[] = [clickatellPreset, gtxMessagingPreset, twilioPreset];
