import type { Agent } from "node:http";
import type * as AppModule from "firebase-admin/app";
import type * as MessagingModule from "firebase-admin/messaging";
import { GoogleAgent } from "./google-agent.js";
import type { ServiceAccount } from "./service-account.js";
import { ServiceAccountCredential } from "./service-account-credential.js";

/** What the provider is given to build the agent of one firebase-admin app. */
export interface AgentSettings {
  /** The gateway's `httpsproxy`, parsed; undefined when none is set. */
  readonly proxy: URL | undefined;
}

/** Builds the HTTP agent one firebase-admin app uses for the token endpoint and FCM. */
export type AgentFactory = (settings: AgentSettings) => Agent;

/** The live firebase-admin objects of one credential. */
export interface FirebaseClient {
  readonly app: AppModule.App;
  readonly credential: ServiceAccountCredential;
  readonly messaging: MessagingModule.Messaging;
}

/** One firebase-admin app in the pool: shared by every gateway with the same file, version and proxy. */
export interface PooledApp {
  /** The firebase-admin app name: the file path, its modification time and a sequence number. */
  readonly name: string;
  /** Initialised on first use (loads firebase-admin then). */
  client(): Promise<FirebaseClient>;
}

interface Entry extends PooledApp {
  readonly key: string;
  references: number;
  readonly agent: Agent;
  started: Promise<FirebaseClient> | undefined;
}

/** The two firebase-admin modules the provider uses. */
interface FirebaseSdk {
  readonly app: typeof AppModule;
  readonly messaging: typeof MessagingModule;
}

/**
 * The firebase-admin apps of one provider manifest: one app per credential file version (path +
 * modification time) and proxy, reused by every gateway that uses it, so the access token
 * the app caches is fetched once and reused until it expires. An app and its
 * agent are deleted when the last gateway using them releases them. firebase-admin itself is
 * imported on the first `client()` call, never before.
 */
export class FirebaseAppPool {
  readonly #createAgent: AgentFactory;
  readonly #entries = new Map<string, Entry>();
  #sdk: Promise<FirebaseSdk> | undefined;
  #sequence = 0;

  constructor(createAgent: AgentFactory = (settings) => new GoogleAgent({ proxy: settings.proxy })) {
    this.#createAgent = createAgent;
  }

  /** The app for this credential and proxy, with one more reference; `release` it when done. */
  acquire(account: ServiceAccount, proxy: URL | undefined): PooledApp {
    const key = JSON.stringify([account.path, account.modifiedMs, proxy?.href ?? ""]);
    let entry = this.#entries.get(key);
    if (!entry) {
      this.#sequence++;
      const created: Entry = {
        key,
        name: `smskit-firebase:${account.path}@${account.modifiedMs}#${this.#sequence}`,
        references: 0,
        agent: this.#createAgent({ proxy }),
        started: undefined,
        client: () => {
          created.started ??= this.#start(created, account);
          return created.started;
        },
      };
      entry = created;
      this.#entries.set(key, entry);
    }
    entry.references++;
    return entry;
  }

  /** Drop one reference; the last one deletes the app and destroys its agent's sockets. */
  release(app: PooledApp): void {
    const entry = app as Entry;
    entry.references--;
    if (entry.references > 0) return;
    if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
    const agent = entry.agent;
    const closeAgent = () => (agent instanceof GoogleAgent ? agent.close() : agent.destroy());
    if (!entry.started) {
      closeAgent();
      return;
    }
    entry.started
      .then(async ({ app: firebaseApp }) => {
        const sdk = await this.#loadSdk();
        await sdk.app.deleteApp(firebaseApp);
      })
      .catch(() => {})
      .finally(closeAgent);
  }

  async #start(entry: Entry, account: ServiceAccount): Promise<FirebaseClient> {
    const sdk = await this.#loadSdk();
    const credential = new ServiceAccountCredential(account, entry.agent);
    const app = sdk.app.initializeApp(
      { credential, httpAgent: entry.agent, projectId: account.projectId },
      entry.name,
    );
    return { app, credential, messaging: sdk.messaging.getMessaging(app) };
  }

  #loadSdk(): Promise<FirebaseSdk> {
    this.#sdk ??= Promise.all([import("firebase-admin/app"), import("firebase-admin/messaging")]).then(
      ([app, messaging]) => ({ app, messaging }),
    );
    this.#sdk.catch(() => {
      this.#sdk = undefined;
    });
    return this.#sdk;
  }
}
