import { defineProvider, type ProviderManifest } from "@smskit/provider";
import { firebaseErrorCodes, firebaseErrors } from "./error-codes.js";
import { type AgentFactory, FirebaseAppPool } from "./firebase-apps.js";
import {
  type CodedIssue,
  configFileParameter,
  createFirebaseInstance,
  projectMismatch,
} from "./firebase-instance.js";
import { parseProxyUrl } from "./proxy-url.js";
import { isServiceAccountProblem, readServiceAccount } from "./service-account.js";

/** Options of `createFirebaseProvider`; none are gateway parameters. */
export interface FirebaseProviderOptions {
  /**
   * Builds the HTTP agent of each firebase-admin app (one per credential file and proxy). The
   * default is a keep-alive `GoogleAgent`, tunnelled through `httpsproxy` when set. Give your own
   * to trust a private CA or to route connections elsewhere (tests); it must honour
   * `settings.proxy` itself. The provider destroys the agent when the app is deleted.
   */
  httpAgent?: AgentFactory;
}

/** The parameters of a Firebase gateway, as privacyIDEA names them. */
const parameters = {
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

/**
 * The Firebase provider: push notifications through Firebase Cloud Messaging (HTTP v1) with the
 * firebase-admin SDK, as privacyIDEA's push token sends its authentication challenges.
 * firebase-admin is imported only when a gateway first sends or is checked.
 */
export function createFirebaseProvider(
  options: FirebaseProviderOptions = {},
): ProviderManifest<typeof parameters> {
  const pool = new FirebaseAppPool(options.httpAgent);
  return defineProvider({
    specVersion: 1,
    id: "firebase",
    kind: "push",
    displayName: "Firebase Cloud Messaging",
    description:
      "Push notifications to a device registration token through Firebase Cloud Messaging (HTTP v1), authenticated with a service-account key: a data message with a notification, high priority, short time to live.",
    docsUrl: "https://firebase.google.com/docs/cloud-messaging/send-message",
    optionsAllowed: false,
    headersAllowed: false,
    legacyNames: ["privacyidea.lib.smsprovider.FirebaseProvider.FirebaseProvider"],
    errorCodes: firebaseErrorCodes,
    errors: firebaseErrors,
    parameters,
    async validate(config) {
      const issues: CodedIssue[] = [];
      const proxy = config.parameters.httpsproxy;
      if (proxy !== undefined) {
        const parsed = parseProxyUrl(proxy);
        if (!(parsed instanceof URL)) {
          issues.push({
            key: "httpsproxy",
            code: "SMSKIT_E_FIREBASE_PROXY_INVALID",
            message: parsed.problem,
          });
        }
      }
      const loaded = await readServiceAccount(config.parameters["JSON config file"]);
      if (isServiceAccountProblem(loaded)) {
        issues.push({ key: configFileParameter, code: loaded.code, message: loaded.problem });
      } else {
        const mismatch = projectMismatch(config.parameters.projectid, loaded.account);
        if (mismatch) issues.push(mismatch);
      }
      return issues;
    },
    create(config, context) {
      const proxy =
        config.parameters.httpsproxy === undefined ? undefined : parseProxyUrl(config.parameters.httpsproxy);
      return createFirebaseInstance(
        {
          configFile: config.parameters["JSON config file"],
          proxy: proxy instanceof URL ? proxy : undefined,
          projectId: config.parameters.projectid,
        },
        pool,
        context,
      );
    },
  });
}
