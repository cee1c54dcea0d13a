import { generateKeyPairSync } from "node:crypto";
import { generate } from "selfsigned";
import { googleHosts } from "./fcm-types.js";

let cachedCertificate: { cert: string; key: string } | undefined;

/** A self-signed certificate for the Google hosts, localhost and 127.0.0.1; made once per process. */
export function googleCertificate(): { cert: string; key: string } {
  if (cachedCertificate) return cachedCertificate;
  const keyPair = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  const generated = generate([{ name: "commonName", value: "fcm.googleapis.com" }], {
    days: 30,
    algorithm: "sha256",
    keyPair: { privateKey: keyPair.privateKey, publicKey: keyPair.publicKey },
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          ...googleHosts.map((value) => ({ type: 2, value })),
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  } as Parameters<typeof generate>[1]);
  cachedCertificate = { cert: generated.cert, key: keyPair.privateKey };
  return cachedCertificate;
}
