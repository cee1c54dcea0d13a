import { isObject, parseJson } from "./fcm-answer.js";
import { googleHosts, googleTokenPath, jwtBearerGrantType, type OAuthTokenRequest } from "./fcm-types.js";

/** Why the token endpoint refuses a request, in Google's words; undefined when it issues a token. */
export function tokenRefusal(record: OAuthTokenRequest, keyKnown: boolean): string | undefined {
  if (record.grantType !== jwtBearerGrantType) return "Invalid grant type.";
  if (!record.claims) return "Invalid JWT: the assertion is not a signed JWT.";
  if (!keyKnown) return "Invalid grant: account not found";
  if (!record.signatureValid) return "Invalid JWT Signature.";
  if (record.header?.alg !== "RS256") return "Invalid JWT: the algorithm must be RS256.";
  if (record.claims.aud !== `https://${googleHosts[0]}${googleTokenPath}`)
    return "Invalid JWT: Failed audience check.";
  const now = Date.now() / 1000;
  const { iat, exp } = record.claims;
  if (typeof iat !== "number" || typeof exp !== "number" || exp <= now || iat > now + 300 || exp - iat > 3600)
    return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.";
  if (record.scopes.length === 0) return "Invalid JWT: no scope requested.";
  return undefined;
}

/** A JWT split into its decoded parts, or undefined when it is not one. */
export function decodeAssertion(assertion: string):
  | {
      header: Record<string, unknown>;
      claims: Record<string, unknown>;
      signedPart: string;
      signature: Buffer;
    }
  | undefined {
  const [header, claims, signature] = assertion.split(".");
  if (header === undefined || claims === undefined || signature === undefined) return undefined;
  const decodedHeader = parseJson(Buffer.from(header, "base64url").toString("utf8"));
  const decodedClaims = parseJson(Buffer.from(claims, "base64url").toString("utf8"));
  if (!isObject(decodedHeader) || !isObject(decodedClaims)) return undefined;
  return {
    header: decodedHeader,
    claims: decodedClaims,
    signedPart: `${header}.${claims}`,
    signature: Buffer.from(signature, "base64url"),
  };
}
