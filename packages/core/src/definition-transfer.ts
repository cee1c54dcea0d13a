import { isDeepStrictEqual } from "node:util";
import { checkNesting } from "./definition-limits.js";
import { DefinitionSecrets } from "./definition-secrets.js";
import { ConfigurationError, type ValidationIssue } from "./errors.js";
import type { GatewayDefinition, GatewayInput } from "./gateway-definition.js";
import { type GatewayValidationContext, validateGateway } from "./gateway-validation.js";
import { type ExportDocument, type ImportFormat, readImportDocument } from "./import-formats.js";
import type { ProviderRegistry } from "./provider-registry.js";
import { checkRoute } from "./route-validation.js";
import { CENSORED, restoreCensored, secretSelection } from "./secrets.js";
import { checkSmtpServer } from "./smtp-server-validation.js";
import type { GatewayRecord, GatewayStore, RouteRecord, SmtpServerRecord } from "./store/gateway-store.js";

/** What export, import and key rotation work with. */
export interface TransferContext {
  readonly registry: ProviderRegistry;
  readonly store: GatewayStore;
  readonly secrets: DefinitionSecrets;
  readonly validation: GatewayValidationContext;
}

/** What an import did (or, for a dry run, would do), by name. */
export interface ImportReport {
  readonly format: ImportFormat;
  readonly dryRun: boolean;
  readonly gateways: ImportOutcome;
  readonly smtpServers: ImportOutcome;
  /** Present when the document holds routes. */
  readonly routes?: ImportOutcome;
}

/** Names created, updated and left unchanged. */
export interface ImportOutcome {
  readonly created: string[];
  readonly updated: string[];
  readonly unchanged: string[];
}

/** Every gateway, SMTP server and route as one versioned document; secrets in clear text unless `censor`. */
export async function exportDefinitions(context: TransferContext, censor: boolean): Promise<ExportDocument> {
  const document: ExportDocument = { smskit: 1, gateways: {}, smtpServers: {} };
  for (const stored of await context.store.listGateways()) {
    const provider = context.registry.get(stored.provider);
    const definition = censor
      ? context.secrets.censorGateway(
          stored,
          secretSelection(provider?.secretParameters ?? new Set(), stored),
        )
      : context.secrets.decryptGateway(stored);
    const { name, revision, updatedAt, ...rest } = definition;
    document.gateways[name] = {
      ...rest,
      secretOptions: [...rest.secretOptions],
      secretHeaders: [...rest.secretHeaders],
    };
  }
  for (const stored of await context.store.listSmtpServers()) {
    const definition = censor
      ? context.secrets.censorSmtpServer(stored)
      : context.secrets.decryptSmtpServer(stored);
    const { name, revision, updatedAt, ...rest } = definition;
    document.smtpServers[name] = rest;
  }
  const routes = await context.store.listRoutes();
  if (routes.length > 0) {
    document.routes = Object.fromEntries(
      routes.map(({ name, revision, updatedAt, ...rest }) => [name, structuredClone(rest)]),
    );
  }
  return document;
}

/**
 * Import a document (smskit's export or privacyIDEA's formats). Everything is validated first;
 * one problem anywhere refuses the whole import with a message listing every problem, and
 * nothing is written. Then all changes are applied in one transaction.
 */
export async function importDefinitions(
  context: TransferContext,
  document: unknown,
  dryRun: boolean,
): Promise<{
  report: ImportReport;
  changedGateways: string[];
  changedSmtpServers: string[];
  changedRoutes: string[];
}> {
  const imported = readImportDocument(document, context.registry);
  const issues: ValidationIssue[] = [...imported.issues];
  const smtpRecords: SmtpServerRecord[] = [];
  const smtpOutcome: ImportOutcome = { created: [], updated: [], unchanged: [] };
  const importedSmtpNames = new Set(imported.smtpServers.map((server) => server.name));

  for (const input of imported.smtpServers) {
    const stored = await context.store.getSmtpServer(input.name);
    const plain = stored && context.secrets.decryptSmtpServer(stored);
    const { record, issues: found } = checkSmtpServer(input, plain?.password);
    issues.push(
      ...found.map((issue) => ({ key: `smtpServers.${input.name}.${issue.key}`, message: issue.message })),
    );
    if (!record) continue;
    if (plain && sameDefinition(plain, record)) smtpOutcome.unchanged.push(record.name);
    else {
      (plain ? smtpOutcome.updated : smtpOutcome.created).push(record.name);
      smtpRecords.push(record);
    }
  }

  const gatewayRecords: GatewayRecord[] = [];
  const gatewayOutcome: ImportOutcome = { created: [], updated: [], unchanged: [] };
  const validation: GatewayValidationContext = {
    ...context.validation,
    smtpServerExists: async (name) =>
      importedSmtpNames.has(name) || (await context.validation.smtpServerExists?.(name)) === true,
  };
  for (const input of imported.gateways) {
    const result = await prepareGateway(context, input, validation);
    if ("issues" in result) {
      issues.push(
        ...result.issues.map((issue) => ({
          key: `gateways.${input.name}.${issue.key}`,
          message: issue.message,
        })),
      );
      continue;
    }
    if (result.stored && sameDefinition(result.stored, result.record))
      gatewayOutcome.unchanged.push(result.record.name);
    else {
      (result.stored ? gatewayOutcome.updated : gatewayOutcome.created).push(result.record.name);
      gatewayRecords.push(result.record);
    }
  }

  const routes = await importRoutes(context.store, imported.routes, imported.gateways, issues);

  if (issues.length > 0) {
    throw new ConfigurationError(
      "SMSKIT_E_IMPORT_INVALID",
      `import refused, nothing was written: ${issues.map((issue) => `${issue.key} ${issue.message}`).join("; ")}`,
      { issues },
    );
  }
  if (!dryRun) {
    await context.store.applyBatch({
      smtpServers: smtpRecords.map((record) => context.secrets.encryptSmtpServer(record)),
      gateways: gatewayRecords.map((record) => {
        const provider = context.registry.get(record.provider);
        return context.secrets.encryptGateway(
          record,
          secretSelection(provider?.secretParameters ?? new Set(), record),
        );
      }),
      routes: routes.records,
    });
  }
  return {
    report: {
      format: imported.format,
      dryRun,
      gateways: gatewayOutcome,
      smtpServers: smtpOutcome,
      ...(imported.routes.length > 0 ? { routes: routes.outcome } : {}),
    },
    changedGateways: gatewayRecords.map((record) => record.name),
    changedSmtpServers: smtpRecords.map((record) => record.name),
    changedRoutes: routes.records.map((record) => record.name),
  };
}

/**
 * Restore `__CENSORED__` values from the stored definition and validate. Returns the record to
 * store (secrets in clear) and the stored definition (decrypted), or the issues found.
 */
export async function prepareGateway(
  context: TransferContext,
  input: GatewayInput,
  validation: GatewayValidationContext,
): Promise<
  { record: GatewayRecord; stored: GatewayDefinition | undefined } | { issues: readonly ValidationIssue[] }
> {
  const tooDeep: ValidationIssue[] = [];
  if (input.parameters !== null && typeof input.parameters === "object")
    checkNesting(input.parameters, tooDeep);
  if (tooDeep.length > 0) return { issues: tooDeep };
  const provider = context.registry.get(String(input.provider ?? ""));
  const storedRaw = typeof input.name === "string" ? await context.store.getGateway(input.name) : undefined;
  const stored = storedRaw && context.secrets.decryptGateway(storedRaw);
  let prepared = input;
  if (provider) {
    const previous = stored?.provider === provider.manifest.id ? stored : undefined;
    const { record, missing, keptOptions, keptHeaders } = restoreCensored(
      { parameters: input.parameters ?? {}, options: input.options ?? {}, headers: input.headers ?? {} },
      previous,
      secretSelection(provider.secretParameters, input),
      secretSelection(provider.secretParameters, previous),
    );
    if (missing.length > 0) {
      return {
        issues: missing.map((key) => ({
          key,
          message: `is ${CENSORED} but gateway '${input.name}' has no stored value to keep: no secret is stored there; give the secret itself`,
        })),
      };
    }
    // A secret kept through __CENSORED__ stays secret, whether or not the client flagged it again.
    const flags = (given: unknown, kept: readonly string[]) => [
      ...new Set([...(Array.isArray(given) ? (given as string[]) : []), ...kept]),
    ];
    if (keptOptions.length > 0)
      Object.assign(record, { secretOptions: flags(input.secretOptions, keptOptions) });
    if (keptHeaders.length > 0)
      Object.assign(record, { secretHeaders: flags(input.secretHeaders, keptHeaders) });
    prepared = { ...input, ...record };
  }
  try {
    const { record } = await validateGateway(prepared, context.registry, validation);
    return { record, stored };
  } catch (error) {
    if (error instanceof ConfigurationError && error.code === "SMSKIT_E_GATEWAY_INVALID")
      return { issues: error.issues };
    throw error;
  }
}

/**
 * Re-encrypt every secret with a new key, in one transaction. Nothing changes if any stored
 * secret cannot be decrypted with the current key.
 */
export async function reencryptAll(
  context: TransferContext,
  newKey: Buffer,
): Promise<{ gateways: number; smtpServers: number }> {
  const cipher = DefinitionSecrets.cipherFor(newKey);
  const gateways = (await context.store.listGateways()).map((stored) => {
    const plain = context.secrets.decryptGateway(stored);
    const provider = context.registry.get(plain.provider);
    const { revision, updatedAt, ...record } = plain;
    return context.secrets.encryptGateway(
      record,
      secretSelection(provider?.secretParameters ?? new Set(), plain),
      cipher,
    );
  });
  const smtpServers = (await context.store.listSmtpServers()).map((stored) => {
    const { revision, updatedAt, ...record } = context.secrets.decryptSmtpServer(stored);
    return context.secrets.encryptSmtpServer(record, cipher);
  });
  await context.store.applyBatch({ gateways, smtpServers });
  return { gateways: gateways.length, smtpServers: smtpServers.length };
}

/**
 * Validate imported routes against the gateways stored and imported (one namespace with them),
 * adding problems to `issues`; returns the records that change something.
 */
async function importRoutes(
  store: GatewayStore,
  inputs: readonly { name: string }[],
  gateways: readonly GatewayInput[],
  issues: ValidationIssue[],
): Promise<{ records: RouteRecord[]; outcome: ImportOutcome }> {
  const outcome: ImportOutcome = { created: [], updated: [], unchanged: [] };
  const records: RouteRecord[] = [];
  const storedRoutes = await store.listRoutes();
  const gatewayNames = new Set([
    ...(await store.listGateways()).map((gateway) => gateway.name),
    ...gateways.map((gateway) => gateway.name),
  ]);
  const routeNames = new Set([
    ...storedRoutes.map((route) => route.name),
    ...inputs.map((route) => route.name),
  ]);
  for (const gateway of gateways) {
    if (routeNames.has(gateway.name))
      issues.push({
        key: `gateways.${gateway.name}.name`,
        message: "is also a route; gateways and routes share one namespace",
      });
  }
  for (const input of inputs) {
    const { record, issues: found } = checkRoute(input, { gateways: gatewayNames, routes: routeNames });
    issues.push(
      ...found.map((issue) => ({ key: `routes.${input.name}.${issue.key}`, message: issue.message })),
    );
    if (!record) continue;
    const stored = storedRoutes.find((route) => route.name === record.name);
    if (stored && sameDefinition(stored, record)) outcome.unchanged.push(record.name);
    else {
      (stored ? outcome.updated : outcome.created).push(record.name);
      records.push(record);
    }
  }
  return { records, outcome };
}

function sameDefinition<Record>(
  stored: Record & { revision: number; updatedAt: string },
  record: Record,
): boolean {
  const { revision, updatedAt, ...current } = stored;
  return isDeepStrictEqual(current, record);
}
