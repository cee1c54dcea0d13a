import type { ValidationIssue } from "./errors.js";
import type { GatewayInput } from "./gateway-definition.js";
import type { ProviderRegistry } from "./provider-registry.js";
import type { RouteInput } from "./route-definition.js";
import type { SmtpServerInput, SmtpTlsMode } from "./smtp-server.js";

/** smskit's own export document. */
export interface ExportDocument {
  smskit: 1;
  gateways: Record<string, Omit<GatewayInput, "name">>;
  smtpServers: Record<string, Omit<SmtpServerInput, "name">>;
  /** Routes (absent in documents written before routes existed). */
  routes?: Record<string, Omit<RouteInput, "name">>;
}

/** The formats `importDefinitions` reads. */
export type ImportFormat = "smskit" | "privacyidea-gateways" | "privacyidea-config";

/** Definitions read from an import document, not yet validated. */
export interface ImportedDefinitions {
  readonly format: ImportFormat;
  readonly gateways: GatewayInput[];
  readonly smtpServers: SmtpServerInput[];
  /** Routes (smskit's own format only). */
  readonly routes: RouteInput[];
  /** Problems with the document itself (unknown provider module, malformed entries). */
  readonly issues: ValidationIssue[];
}

/**
 * Read an import document: smskit's export (`{"smskit": 1, …}`), privacyIDEA's gateway export
 * (an object keyed by gateway name, each with `providermodule`, `description`, `options`,
 * `headers`) or privacyIDEA's configuration export (sections `smsgateway` and `smtpserver`).
 * privacyIDEA keeps a gateway's parameters and free options together in `options`; they are
 * split by the provider's schema.
 */
export function readImportDocument(document: unknown, registry: ProviderRegistry): ImportedDefinitions {
  if (!isObject(document)) {
    return {
      format: "smskit",
      gateways: [],
      smtpServers: [],
      routes: [],
      issues: [{ key: "document", message: "must be a JSON object" }],
    };
  }
  if ("smskit" in document) return readSmskitDocument(document);
  if ("smsgateway" in document || "smtpserver" in document) {
    const issues: ValidationIssue[] = [];
    const gateways = readPrivacyideaGateways(document.smsgateway ?? {}, registry, issues);
    const smtpServers = readPrivacyideaSmtpServers(document.smtpserver ?? {}, issues);
    return { format: "privacyidea-config", gateways, smtpServers, routes: [], issues };
  }
  const entries = Object.values(document);
  if (entries.length > 0 && entries.every((entry) => isObject(entry) && "providermodule" in entry)) {
    const issues: ValidationIssue[] = [];
    return {
      format: "privacyidea-gateways",
      gateways: readPrivacyideaGateways(document, registry, issues),
      smtpServers: [],
      routes: [],
      issues,
    };
  }
  return {
    format: "smskit",
    gateways: [],
    smtpServers: [],
    routes: [],
    issues: [
      {
        key: "document",
        message:
          'is not a format smskit reads: expected {"smskit": 1, …}, a privacyIDEA gateway export (entries with "providermodule") or a privacyIDEA configuration export (sections "smsgateway", "smtpserver")',
      },
    ],
  };
}

function readSmskitDocument(document: Record<string, unknown>): ImportedDefinitions {
  const issues: ValidationIssue[] = [];
  if (document.smskit !== 1)
    issues.push({
      key: "smskit",
      message: `version ${JSON.stringify(document.smskit)} is not supported; this smskit reads version 1`,
    });
  const gateways = Object.entries(isObject(document.gateways) ? document.gateways : {}).map(
    ([name, entry]) => ({ ...(isObject(entry) ? entry : {}), name }) as GatewayInput,
  );
  const smtpServers = Object.entries(isObject(document.smtpServers) ? document.smtpServers : {}).map(
    ([name, entry]) => ({ ...(isObject(entry) ? entry : {}), name }) as SmtpServerInput,
  );
  const routes = Object.entries(isObject(document.routes) ? document.routes : {}).map(
    ([name, entry]) => ({ ...(isObject(entry) ? entry : {}), name }) as RouteInput,
  );
  return { format: "smskit", gateways, smtpServers, routes, issues };
}

function readPrivacyideaGateways(
  section: unknown,
  registry: ProviderRegistry,
  issues: ValidationIssue[],
): GatewayInput[] {
  if (!isObject(section)) {
    issues.push({ key: "smsgateway", message: "must be an object keyed by gateway name" });
    return [];
  }
  const gateways: GatewayInput[] = [];
  for (const [name, entry] of Object.entries(section)) {
    if (!isObject(entry) || typeof entry.providermodule !== "string") {
      issues.push({ key: `gateways.${name}`, message: "has no providermodule" });
      continue;
    }
    const provider = registry.get(entry.providermodule);
    if (!provider) {
      issues.push({
        key: `gateways.${name}`,
        message: `uses ${entry.providermodule}, which no installed provider handles; install the provider package for it`,
      });
      continue;
    }
    const known = new Set(Object.keys(provider.manifest.parameters.properties));
    const parameters: Record<string, unknown> = {};
    const options: Record<string, string> = {};
    for (const [key, value] of Object.entries(optionMap(entry.options))) {
      if (known.has(key) || provider.aliases.has(key)) parameters[key] = value;
      else options[key] = String(value);
    }
    gateways.push({
      name,
      provider: provider.manifest.id,
      description: typeof entry.description === "string" ? entry.description : "",
      parameters,
      options,
      headers: Object.fromEntries(
        Object.entries(optionMap(entry.headers)).map(([key, value]) => [key, String(value)]),
      ),
    });
  }
  return gateways;
}

function readPrivacyideaSmtpServers(section: unknown, issues: ValidationIssue[]): SmtpServerInput[] {
  if (!isObject(section)) {
    issues.push({ key: "smtpserver", message: "must be an object keyed by identifier" });
    return [];
  }
  const servers: SmtpServerInput[] = [];
  for (const [name, entry] of Object.entries(section)) {
    if (!isObject(entry) || typeof entry.server !== "string") {
      issues.push({ key: `smtpServers.${name}`, message: "has no server" });
      continue;
    }
    let host = entry.server;
    let tls: SmtpTlsMode = isTrue(entry.tls) ? "starttls" : "none";
    let port: unknown = entry.port;
    const url = /^(smtps?):\/\//i.test(host) ? URL.parse(host) : null;
    if (url) {
      host = url.hostname;
      if (url.protocol.toLowerCase() === "smtps:") tls = "tls";
      if (url.port && (port === undefined || port === "")) port = url.port;
    }
    const server: SmtpServerInput = {
      name,
      host,
      tls,
      sender: typeof entry.sender === "string" ? entry.sender : "",
      username: typeof entry.username === "string" ? entry.username : "",
      password: typeof entry.password === "string" ? entry.password : "",
      description: typeof entry.description === "string" ? entry.description : "",
    };
    if (port !== undefined && port !== "" && port !== null) server.port = port as number | string;
    if (entry.timeout !== undefined && entry.timeout !== "" && entry.timeout !== null)
      server.timeout = entry.timeout as number | string;
    servers.push(server);
  }
  return servers;
}

/** privacyIDEA writes options as an object, or in API form as `option.KEY` entries. */
function optionMap(value: unknown): Record<string, unknown> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key.startsWith("option.") ? key.slice("option.".length) : key,
      item,
    ]),
  );
}

function isTrue(value: unknown): boolean {
  return (
    value === true || (typeof value === "string" && ["1", "true", "yes", "on"].includes(value.toLowerCase()))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
