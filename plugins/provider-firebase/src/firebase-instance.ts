import {
  ConfigurationError,
  coreErrors,
  type ProviderContext,
  type ProviderInstance,
  untilAborted,
  type ValidationIssue,
} from "@smskit/provider";
import { type FirebaseConfigurationCode, firebaseErrors } from "./error-codes.js";
import { type FailureContext, sdkFailure, sendFailure, tokenFailure } from "./error-mapping.js";
import { buildFcmMessage } from "./fcm-message.js";
import type { FirebaseAppPool, FirebaseClient, PooledApp } from "./firebase-apps.js";
import type { FirebaseParameters } from "./firebase-parameters.js";
import { parseProxyUrl } from "./proxy-url.js";
import { isServiceAccountProblem, type ServiceAccount, ServiceAccountFile } from "./service-account.js";

/** The parameter names the instance reports problems under. */
export const configFileParameter = "JSON config file";
export const projectIdParameter = "projectid";

/** A validation issue that also carries the provider's error code. */
export type CodedIssue = ValidationIssue & { readonly code: FirebaseConfigurationCode };

/**
 * The live instance of a Firebase gateway. Every send re-checks the service-account file
 * (cheaply: a changed file is read again and gets a new firebase-admin app), takes the app for
 * it from the pool, gets the cached access token, and sends through `messaging.send()`. Every
 * step is raced against the deadline.
 */
export function createFirebaseInstance(
  parameters: FirebaseParameters,
  pool: FirebaseAppPool,
  context: ProviderContext,
): ProviderInstance {
  const gateway = context.gateway;
  const file = new ServiceAccountFile(parameters["JSON config file"]);
  // validate() refused a proxy that does not parse; an instance made without it goes direct.
  const parsedProxy = parameters.httpsproxy === undefined ? undefined : parseProxyUrl(parameters.httpsproxy);
  const proxy = parsedProxy instanceof URL ? parsedProxy : undefined;
  const failure: FailureContext = { gateway, redact: context.redact };
  /** The app this gateway keeps a reference to between sends (so the access token stays cached). */
  let kept: PooledApp | undefined;
  let closed = false;

  /** Take the app for the current file version; swaps the kept reference when the file changed. */
  const lease = (account: ServiceAccount): PooledApp => {
    const app = pool.acquire(account, proxy);
    if (app !== kept) {
      pool.acquire(account, proxy);
      if (kept) pool.release(kept);
      kept = app;
      context.logger.debug("using a firebase-admin app for the service account", {
        app: app.name,
        projectId: account.projectId,
        clientEmail: account.clientEmail,
      });
    }
    return app;
  };

  /** The firebase-admin objects and a fresh (or cached) access token, within the deadline. */
  const authorised = async (
    app: PooledApp,
    signal: AbortSignal,
  ): Promise<{ client: FirebaseClient; projectId: string }> => {
    let client: FirebaseClient;
    try {
      client = await untilAborted(app.client(), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw sdkFailure(error, failure);
    }
    try {
      await client.credential.token(signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw tokenFailure(error, failure);
    }
    return { client, projectId: String(client.app.options.projectId ?? "") };
  };

  return {
    async send(message, { signal }) {
      assertOpen(closed, gateway);
      signal.throwIfAborted();
      const loaded = await file.load();
      if (isServiceAccountProblem(loaded)) {
        throw firebaseErrors[loaded.code].create(
          { gateway, key: configFileParameter, problem: loaded.problem },
          { gateway, details: { discardRecipient: false, retryLater: false } },
        );
      }
      const app = lease(loaded.account);
      try {
        const { client, projectId } = await authorised(app, signal);
        let name: string;
        try {
          name = await untilAborted(client.messaging.send(buildFcmMessage(message, context.now())), signal);
        } catch (error) {
          if (signal.aborted) throw error;
          throw sendFailure(error, failure);
        }
        return { messageId: name, details: { projectId } };
      } finally {
        pool.release(app);
      }
    },

    async check({ signal }) {
      assertOpen(closed, gateway);
      const loaded = await file.load();
      if (isServiceAccountProblem(loaded)) {
        throw configurationFailure(gateway, {
          key: configFileParameter,
          message: loaded.problem,
          code: loaded.code,
        });
      }
      const mismatch = projectMismatch(parameters.projectid, loaded.account);
      if (mismatch) throw configurationFailure(gateway, mismatch);
      const app = lease(loaded.account);
      try {
        await authorised(app, signal);
      } finally {
        pool.release(app);
      }
    },

    async close(): Promise<void> {
      closed = true;
      if (kept) pool.release(kept);
      kept = undefined;
    },
  };
}

/** The issue when `projectid` is set and differs from the file's project. */
export function projectMismatch(
  projectId: string | undefined,
  account: ServiceAccount,
): CodedIssue | undefined {
  if (projectId === undefined || projectId === account.projectId) return undefined;
  return {
    key: projectIdParameter,
    code: "SMSKIT_E_FIREBASE_PROJECT_MISMATCH",
    message: `is ${JSON.stringify(projectId)} but the JSON config file is a key of project ${JSON.stringify(account.projectId)}; phones would register with one project while pushes are sent through the other — use the key of the same project`,
  };
}

function configurationFailure(gateway: string, issue: CodedIssue): ConfigurationError {
  // The same message for every code: the parameter and what is wrong with it.
  return new ConfigurationError(
    issue.code,
    firebaseErrors.SMSKIT_E_FIREBASE_PROJECT_MISMATCH.format({
      gateway,
      key: issue.key,
      problem: issue.message,
    }),
    { gateway, issues: [issue] },
  );
}

function assertOpen(closed: boolean, gateway: string): void {
  if (closed) {
    throw coreErrors.SMSKIT_E_CLOSED.create(
      { what: `gateway '${gateway}': this Firebase gateway instance was`, next: "" },
      { gateway },
    );
  }
}
