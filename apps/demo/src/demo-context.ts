import type { Smskit } from "@smskit/core";
import type { AdminToken } from "./admin-token.js";
import type { InFlight } from "./in-flight.js";
import type { SandboxInbox } from "./sandbox.js";
import type { SandboxSecret } from "./sandbox-secret.js";

/** What the routes share: the app's smskit, the sandbox inbox, the admin token and the running sends. */
export interface DemoContext {
  readonly smskit: Smskit;
  readonly inbox: SandboxInbox;
  /** The secret only the sandbox gateway carries; the sandbox endpoint refuses requests without it. */
  readonly sandboxSecret: SandboxSecret;
  readonly adminToken: AdminToken;
  readonly sends: InFlight;
  /** The store file (absolute), `:memory:`, or the PostgreSQL URL without its password. */
  readonly storePath: string;
  /** Where `SMSKIT_PUBLIC_URL` (the base of receipt URLs) is read from. */
  readonly environment: NodeJS.ProcessEnv;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The demo's smskit, sandbox inbox, admin token and running sends. */
    demo: DemoContext;
  }

  /** The documentation keys the OpenAPI document is built from. */
  interface FastifySchema {
    /** One line on what the route does. */
    summary?: string;
    /** More on what the route does. */
    description?: string;
    /** Groups in the OpenAPI document. */
    tags?: readonly string[];
    /** Leave the route out of the OpenAPI document. */
    hide?: boolean;
    /** The content type of a non-JSON answer. */
    produces?: readonly string[];
  }
}
