/** What a smartphone app needs to enrol a push token, read from a Firebase gateway's parameters. */
export interface PushEnrolmentSettings {
  /** `registration URL`: where the app sends the second enrolment step. */
  readonly registrationUrl: string | undefined;
  /** `time to live`: seconds the server accepts that second step. */
  readonly timeToLiveSeconds: number | undefined;
  readonly projectId: string | undefined;
  readonly projectNumber: string | undefined;
  /** Android app id and API key. */
  readonly appId: string | undefined;
  readonly apiKey: string | undefined;
  /** iOS app id and API key. */
  readonly appIdIos: string | undefined;
  readonly apiKeyIos: string | undefined;
}

/**
 * The enrolment settings of a Firebase gateway, from the parameters of its definition as
 * `smskit.getGateway(name)` returns them (none of them is a secret, so none is censored).
 * Values privacyIDEA stored as strings are accepted; empty ones count as unset.
 */
export function pushEnrolmentSettings(parameters: Readonly<Record<string, unknown>>): PushEnrolmentSettings {
  const text = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const value = parameters[key];
      if (typeof value === "string" && value.trim() !== "") return value.trim();
      if (typeof value === "number") return String(value);
    }
    return undefined;
  };
  const ttl = text("time to live");
  return {
    registrationUrl: text("registration URL"),
    timeToLiveSeconds: ttl !== undefined && /^\d+$/.test(ttl) ? Number(ttl) : undefined,
    projectId: text("projectid"),
    projectNumber: text("projectnumber"),
    appId: text("appid"),
    apiKey: text("apikey"),
    appIdIos: text("appidios"),
    apiKeyIos: text("apiios", "apikeyios"),
  };
}

/**
 * The privacyIDEA-style enrolment URL (`otpauth://pipush/…`) a QR code carries, built from the
 * gateway's enrolment settings plus what only the enrolling server knows (serial, enrolment
 * credential, label, issuer), with the query keys the privacyIDEA Authenticator reads (the iOS
 * API key goes out as `apikeyios`, the time to live in whole minutes, rounded up). Parameters
 * without a value are left out.
 */
export function pushEnrolmentUrl(
  settings: PushEnrolmentSettings,
  token: { serial: string; enrollmentCredential: string; label: string; issuer: string; sslVerify?: boolean },
): string {
  const query = new URLSearchParams();
  const add = (key: string, value: string | number | undefined) => {
    if (value !== undefined) query.set(key, String(value));
  };
  add("issuer", token.issuer);
  add("serial", token.serial);
  add("url", settings.registrationUrl);
  // The app reads ttl in minutes.
  add(
    "ttl",
    settings.timeToLiveSeconds === undefined
      ? undefined
      : Math.max(1, Math.ceil(settings.timeToLiveSeconds / 60)),
  );
  add("enrollment_credential", token.enrollmentCredential);
  add("sslverify", token.sslVerify === false ? "0" : "1");
  add("projectid", settings.projectId);
  add("projectnumber", settings.projectNumber);
  add("appid", settings.appId);
  add("apikey", settings.apiKey);
  add("appidios", settings.appIdIos);
  add("apikeyios", settings.apiKeyIos);
  add("v", 1);
  return `otpauth://pipush/${encodeURIComponent(token.label)}?${query.toString()}`;
}
