import { isDeepStrictEqual } from "node:util";
import { coreErrors, type ValidationIssue } from "./errors.js";
import type { GatewayInput } from "./gateway-definition.js";
import { prepareGateway, type TransferContext } from "./gateway-prepare.js";
import type { GatewayValidationContext } from "./gateway-validation.js";
import { type ImportFormat, readImportDocument } from "./import-formats.js";
import { checkRoute } from "./route-validation.js";
import { secretSelection } from "./secrets.js";
import { checkSmtpServer } from "./smtp-server-validation.js";
import type { GatewayRecord, GatewayStore, RouteRecord, SmtpServerRecord } from "./store/gateway-store.js";

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
    throw coreErrors.SMSKIT_E_IMPORT_INVALID.create(
      { problems: `${issues.map((issue) => `${issue.key} ${issue.message}`).join("; ")}` },
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
