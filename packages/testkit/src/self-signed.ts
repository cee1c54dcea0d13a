import { generateKeyPairSync } from "node:crypto";
import { generate } from "selfsigned";

/**
 * A self-signed CA certificate (2048-bit RSA, SHA-256) for `commonName` that names the DNS names
 * and 127.0.0.1 and ::1 as subject alternative names, and its private key (PEM).
 */
export function selfSignedCertificate(
  commonName: string,
  dnsNames: readonly string[],
  days: number,
): { cert: string; key: string } {
  const keyPair = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const options: SelfsignedOptionsWithKeyPair = {
    days,
    algorithm: "sha256",
    keyPair: { privateKey: keyPair.privateKey, publicKey: keyPair.publicKey },
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          ...dnsNames.map((value) => ({ type: 2, value })),
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  };
  const pem = generate([{ name: "commonName", value: commonName }], options);
  return { cert: pem.cert, key: keyPair.privateKey };
}

/** selfsigned accepts a ready key pair (its typings do not say so); generating it with node:crypto is fast. */
type SelfsignedOptionsWithKeyPair = NonNullable<Parameters<typeof generate>[1]> & {
  keyPair: { privateKey: string; publicKey: string };
};
