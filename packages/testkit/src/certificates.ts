import { generateKeyPairSync } from "node:crypto";
import { generate } from "selfsigned";

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
  cached ??= createCertificate();
  return cached;
}

function createCertificate(): TestCertificate {
  const keyPair = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const options: SelfsignedOptionsWithKeyPair = {
    days: 365,
    algorithm: "sha256",
    keyPair: { privateKey: keyPair.privateKey, publicKey: keyPair.publicKey },
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  };
  const pem = generate([{ name: "commonName", value: "localhost" }], options);
  return { cert: pem.cert, key: pem.private };
}

/** selfsigned accepts a ready key pair (its typings do not say so); generating it with node:crypto is fast. */
type SelfsignedOptionsWithKeyPair = NonNullable<Parameters<typeof generate>[1]> & {
  keyPair: { privateKey: string; publicKey: string };
};
