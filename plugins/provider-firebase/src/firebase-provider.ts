import { defineProvider, type ProviderManifest } from "@smskit/provider";
import { firebaseErrorCodes, firebaseErrors } from "./error-codes.js";
import { type AgentFactory, FirebaseAppPool } from "./firebase-apps.js";
import {
  type CodedIssue,
  configFileParameter,
  createFirebaseInstance,
  projectMismatch,
} from "./firebase-instance.js";
import { firebaseParameters } from "./firebase-parameters.js";
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

/**
 * The Firebase provider: push notifications through Firebase Cloud Messaging (HTTP v1) with the
 * firebase-admin SDK, as privacyIDEA's push token sends its authentication challenges.
 * firebase-admin is imported only when a gateway first sends or is checked.
 */
export function createFirebaseProvider(
  options: FirebaseProviderOptions = {},
): ProviderManifest<typeof firebaseParameters> {
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
    parameters: firebaseParameters,
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
      return createFirebaseInstance(config.parameters, pool, context);
    },
  });
}
