import { createFirebaseProvider } from "./firebase-provider.js";

export { type PushEnrolmentSettings, pushEnrolmentSettings, pushEnrolmentUrl } from "./enrolment.js";
export { type FirebaseErrorCode, firebaseErrorCodes } from "./error-codes.js";
export { apnsCategory, apnsCollapseId, buildFcmMessage, pushTimeToLiveSeconds } from "./fcm-message.js";
export type { AgentFactory, AgentSettings } from "./firebase-apps.js";
export { createFirebaseProvider, type FirebaseProviderOptions } from "./firebase-provider.js";
export { AgentClosedError, GoogleAgent, type GoogleAgentOptions, ProxyTunnelError } from "./google-agent.js";

/** The Firebase provider with its defaults: what discovery registers. */
const firebaseProvider = createFirebaseProvider();

export default firebaseProvider;
