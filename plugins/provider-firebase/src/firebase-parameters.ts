import type { ParametersOf } from "@smskit/provider";

/** The parameters of a Firebase gateway, as privacyIDEA names them. */
export const firebaseParameters = {
  type: "object",
  properties: {
    "JSON config file": {
      type: "string",
      minLength: 1,
      description:
        "Path of the service-account JSON file (required): Firebase console → Project settings → Service accounts → Generate new private key. A replaced file is picked up at the next send.",
      examples: ["/etc/smskit/firebase-service-account.json"],
    },
    httpsproxy: {
      type: "string",
      description:
        "Optional HTTPS proxy to Google's endpoints (oauth2.googleapis.com, fcm.googleapis.com), tunnelled with CONNECT: http://host:port or https://host:port, user:password@ allowed; host:port alone means http://.",
      examples: ["http://proxy.example.com:3128"],
    },
    apikey: {
      type: "string",
      description:
        "Android app's API key (Firebase console → Project settings → Your apps), for the enrolment QR code. A public client identifier, not a secret.",
    },
    appid: {
      type: "string",
      description: "Android app's app id (e.g. 1:850240559902:android:…), for the enrolment QR code.",
    },
    apiios: {
      type: "string",
      description:
        "iOS app's API key (Firebase console → Project settings → Your apps), for the enrolment QR code. A public client identifier, not a secret.",
      "x-aliases": ["apikeyios"],
    },
    appidios: {
      type: "string",
      description: "iOS app's app id (e.g. 1:850240559902:ios:…), for the enrolment QR code.",
    },
    projectid: {
      type: "string",
      description:
        "The Firebase project's id, for the enrolment QR code; when set it must be the project of the JSON config file.",
    },
    projectnumber: {
      type: "string",
      pattern: "^[0-9]+$",
      description: "The Firebase project's number (the FCM sender id), for the enrolment QR code.",
    },
    "registration URL": {
      type: "string",
      format: "http-url",
      description:
        "URL the smartphone app calls for the second enrolment step (usually ends in /ttype/push), for the enrolment QR code.",
      examples: ["https://privacyidea.example.com/ttype/push"],
    },
    "time to live": {
      type: "integer",
      minimum: 1,
      maximum: 86400,
      description:
        "Seconds the server accepts that second enrolment step (at most 86400), for the enrolment QR code.",
      examples: [600],
    },
  },
  required: ["JSON config file"],
} as const;

/** The parameters of a Firebase gateway as `create` receives them (derived from the schema). */
export type FirebaseParameters = ParametersOf<typeof firebaseParameters>;
