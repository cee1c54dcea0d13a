import { selfSignedCertificate } from "./self-signed.js";

/** A PEM certificate and its private key. */
export interface TestCertificate {
  /** The self-signed certificate (PEM); give it to a client as `ca` to trust the fake servers. */
  cert: string;
  /** The certificate's RSA private key (PEM). */
  key: string;
}

let cached: TestCertificate | undefined;

/**
 * A self-signed certificate for CN=localhost with the subject alternative names
 * DNS:localhost, IP:127.0.0.1 and IP:::1, valid for a year. Generated once per process
 * (a 2048-bit RSA key) and cached; every TLS fake of the testkit uses it.
 */
export function testCertificate(): TestCertificate {
  cached ??= selfSignedCertificate("localhost", ["localhost"], 365);
  return cached;
}
