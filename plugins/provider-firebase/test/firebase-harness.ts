import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AnyProviderManifest,
  createSmskit,
  type LogFields,
  type ProviderContext,
  type Smskit,
  silentLogger,
} from "@smskit/core";
import { type FakeFcm, type FakeServiceAccount, startFcmFake } from "@smskit/testkit";
import { createFirebaseProvider, GoogleAgent } from "../src/index.js";

/** A device registration token as FCM hands them out (shape only). */
export const deviceToken =
  "fZ3kq9Lw0Ek:APA91bH1x2Yv8c3Qw4Er5Ty6Ui7Op8As9Df0Gh1Jk2Lz3Xc4Vb5Nm6Qw7Er8Ty9Ui0Op1As2Df3Gh4Jk5Lz6Xc7Vb8Nm9";

/** Where the agent of new firebase-admin apps connects to, whatever host they ask for. */
export interface Destination {
  /** The CA to trust (the fake's certificate). */
  ca: string;
  /** The address every connection goes to. */
  route: (host: string, port: number) => { host: string; port: number };
}

/**
 * A Firebase manifest whose firebase-admin apps connect wherever `destination()` says at the
 * moment the app is created (the real provider code, proxy tunnel included, with only the
 * address and the trusted CA changed).
 */
export function redirectedProvider(destination: () => Destination): AnyProviderManifest {
  return createFirebaseProvider({
    httpAgent: ({ proxy }) => {
      const { ca, route } = destination();
      return new GoogleAgent({ proxy, ca, route });
    },
  });
}

/** A running FCM fake, a folder for key files, and a Firebase manifest aimed at the fake. */
export interface FirebaseHarness {
  readonly fake: FakeFcm;
  readonly manifest: AnyProviderManifest;
  /** A folder removed by `close()`. */
  readonly directory: string;
  /** Write a fresh service account (trusted by the fake) to a new file; returns its path and content. */
  writeServiceAccount(options?: {
    projectId?: string;
    name?: string;
  }): Promise<{ path: string; account: FakeServiceAccount }>;
  /** A smskit with the manifest and a gateway `push` using the given parameters; closed by `close()`. */
  smskit(parameters: Record<string, unknown>, logged?: string[]): Promise<Smskit>;
  close(): Promise<void>;
}

/** Start a harness; `close()` it at the end. */
export async function startFirebaseHarness(
  options: { tokenLifetimeSeconds?: number } = {},
): Promise<FirebaseHarness> {
  const fake = await startFcmFake(options);
  const directory = await mkdtemp(join(tmpdir(), "smskit-firebase-"));
  const manifest = redirectedProvider(() => ({ ca: fake.ca, route: fake.route }));
  const instances: Smskit[] = [];
  let files = 0;
  return {
    fake,
    manifest,
    directory,
    async writeServiceAccount({ projectId = "smskit-push", name } = {}) {
      files++;
      const account = fake.serviceAccount({ projectId });
      const path = join(directory, name ?? `service-account-${files}.json`);
      await writeFile(path, JSON.stringify(account, null, 2));
      return { path, account };
    },
    async smskit(parameters, logged) {
      const smskit = await createSmskit({
        providers: [manifest],
        sendTimeoutMs: 10_000,
        ...(logged ? { logger: capturingLogger(logged) } : {}),
      });
      instances.push(smskit);
      await smskit.saveGateway({ name: "push", provider: "firebase", parameters });
      return smskit;
    },
    async close() {
      for (const smskit of instances) await smskit.close();
      await fake.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A loopback port nothing listens on. */
export { closedPort } from "@smskit/testkit";

/** A logger writing every line with its fields into a list. */
export function capturingLogger(lines: string[]) {
  const write = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/** The rejection of a promise (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

/** A provider context for creating an instance directly, without smskit. */
export function providerContext(gateway = "push"): ProviderContext {
  return {
    gateway,
    logger: silentLogger,
    now: Date.now,
    redact: (text) => text,
    redactWith: () => (text) => text,
    isSecretKey: () => false,
    resources: { get: async () => undefined },
  };
}
