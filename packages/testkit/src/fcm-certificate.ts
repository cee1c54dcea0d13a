import { googleHosts } from "./fcm-types.js";
import { selfSignedCertificate } from "./self-signed.js";

let cachedCertificate: { cert: string; key: string } | undefined;

/** A self-signed certificate for the Google hosts, localhost and 127.0.0.1; made once per process. */
export function googleCertificate(): { cert: string; key: string } {
  cachedCertificate ??= selfSignedCertificate("fcm.googleapis.com", [...googleHosts, "localhost"], 30);
  return cachedCertificate;
}
