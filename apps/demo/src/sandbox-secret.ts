import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** The header the sandbox gateway carries its secret in (a secret header of that gateway). */
export const sandboxSecretHeader = "X-Sandbox-Token";

/** The secret that lets only the sandbox gateway deliver into the sandbox inbox. */
export interface SandboxSecret {
  /** The value, for the sandbox gateway's header. */
  readonly value: string;
  /** Whether a request's header value is the secret; compares in constant time. */
  verify(presented: unknown): boolean;
}

/** A new random secret, made once per demo instance: a start makes a new one and gives it to the sandbox gateway. */
export function createSandboxSecret(): SandboxSecret {
  const value = randomBytes(24).toString("base64url");
  const hash = sha256(value);
  return {
    value,
    verify: (presented) => typeof presented === "string" && timingSafeEqual(sha256(presented), hash),
  };
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
