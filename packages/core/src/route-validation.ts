import { closestMatch } from "./did-you-mean.js";
import { type ConfigurationError, coreErrors, type ValidationIssue } from "./errors.js";
import { gatewayNamePattern } from "./gateway-definition.js";
import {
  type RouteGateway,
  type RoutePrefix,
  type RouteStrategy,
  routeStrategies,
} from "./route-definition.js";
import { canonicalPrefix } from "./route-plan.js";
import type { RouteRecord } from "./store/gateway-store.js";

/** What route validation looks names up in. */
export interface RouteNames {
  /** Names of the defined gateways. */
  readonly gateways: ReadonlySet<string>;
  /** Names of the defined routes. */
  readonly routes: ReadonlySet<string>;
}

/** The largest weight; weights are shares, so larger ones add nothing. */
const maximumWeight = 1000;

/**
 * Check a route definition: a valid name not taken by a gateway, a known strategy, at least one
 * gateway, every name a defined gateway (a route never lists another route), positive integer
 * weights, prefixes of digits after an optional `+` or `00`. Returns the record to store, or the
 * issues found, each naming its key.
 */
export function checkRoute(
  input: unknown,
  names: RouteNames,
): { record?: RouteRecord; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const fields = isObject(input) ? input : {};
  if (!isObject(input)) issues.push({ key: "route", message: "must be an object" });
  const name = typeof fields.name === "string" ? fields.name : "";
  if (!gatewayNamePattern.test(name)) {
    issues.push({
      key: "name",
      message: `${JSON.stringify(fields.name)} is not a valid route name; use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    });
  } else if (names.gateways.has(name)) {
    issues.push({
      key: "name",
      message: `'${name}' is already a gateway; gateways and routes share one namespace`,
    });
  }
  if (fields.description !== undefined && typeof fields.description !== "string")
    issues.push({ key: "description", message: "must be text" });
  const strategy = (fields.strategy ?? "failover") as RouteStrategy;
  if (!routeStrategies.includes(strategy))
    issues.push({
      key: "strategy",
      message: `must be one of ${routeStrategies.join(", ")}, got ${JSON.stringify(fields.strategy)}`,
    });
  const onUnknown = fields.onUnknown ?? "stop";
  if (onUnknown !== "stop" && onUnknown !== "continue")
    issues.push({
      key: "onUnknown",
      message: `must be stop or continue, got ${JSON.stringify(fields.onUnknown)}`,
    });
  const gateways = checkGateways(fields.gateways, names, issues);
  const prefixes = checkPrefixes(fields.prefixes, names, issues);
  if (issues.length > 0) return { issues };
  return {
    issues,
    record: {
      name,
      description: typeof fields.description === "string" ? fields.description : "",
      strategy,
      gateways,
      prefixes,
      onUnknown: onUnknown as "stop" | "continue",
    },
  };
}

/** The error for a refused route: one line naming the route and every problem. */
export function routeInvalid(route: string, issues: readonly ValidationIssue[]): ConfigurationError {
  return coreErrors.SMSKIT_E_ROUTE_INVALID.create(
    { name: route, problems: `${issues.map((issue) => `${issue.key} ${issue.message}`).join("; ")}` },
    { issues },
  );
}

function checkGateways(value: unknown, names: RouteNames, issues: ValidationIssue[]): RouteGateway[] {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ key: "gateways", message: "must list at least one gateway" });
    return [];
  }
  const gateways: RouteGateway[] = [];
  value.forEach((entry: unknown, index) => {
    const key = `gateways[${index}]`;
    const name = typeof entry === "string" ? entry : isObject(entry) ? entry.name : undefined;
    const weight = isObject(entry) && entry.weight !== undefined ? entry.weight : 1;
    if (typeof name !== "string" || !checkGatewayName(name, key, names, issues)) return;
    if (gateways.some((gateway) => gateway.name === name)) {
      issues.push({ key, message: `lists gateway '${name}' twice` });
      return;
    }
    if (typeof weight !== "number" || !Number.isInteger(weight) || weight < 1 || weight > maximumWeight) {
      issues.push({
        key: `${key}.weight`,
        message: `must be a whole number from 1 to ${maximumWeight}, got ${JSON.stringify(weight)}`,
      });
      return;
    }
    gateways.push({ name, weight });
  });
  return gateways;
}

function checkPrefixes(value: unknown, names: RouteNames, issues: ValidationIssue[]): RoutePrefix[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.push({ key: "prefixes", message: "must be a list of { prefix, gateways }" });
    return [];
  }
  const prefixes: RoutePrefix[] = [];
  value.forEach((entry: unknown, index) => {
    const key = `prefixes[${index}]`;
    const rule = isObject(entry) ? entry : {};
    const prefix = typeof rule.prefix === "string" ? canonicalPrefix(rule.prefix) : "";
    if (!/^\+?[0-9]{1,15}$/.test(prefix)) {
      issues.push({
        key: `${key}.prefix`,
        message: `must be digits after an optional '+' or '00' (e.g. +49), got ${JSON.stringify(rule.prefix)}`,
      });
      return;
    }
    if (prefixes.some((existing) => existing.prefix === prefix)) {
      issues.push({ key: `${key}.prefix`, message: `${prefix} has two rules (+ and 00 are the same)` });
      return;
    }
    const list = Array.isArray(rule.gateways) ? rule.gateways : [];
    if (list.length === 0) issues.push({ key: `${key}.gateways`, message: "must list at least one gateway" });
    const gateways = list.filter(
      (name: unknown, position): name is string =>
        typeof name === "string" && checkGatewayName(name, `${key}.gateways[${position}]`, names, issues),
    );
    prefixes.push({ prefix, gateways: [...new Set(gateways)] });
  });
  return prefixes;
}

function checkGatewayName(name: string, key: string, names: RouteNames, issues: ValidationIssue[]): boolean {
  if (names.gateways.has(name)) return true;
  if (names.routes.has(name)) {
    issues.push({
      key,
      message: `names the route '${name}'; a route lists gateways only, never another route`,
    });
    return false;
  }
  const hint = closestMatch(name, [...names.gateways]);
  issues.push({
    key,
    message: `names the gateway '${name}', which is not defined${hint ? ` — did you mean '${hint}'?` : ""}; define it first (smskit gateway set ${name} …)`,
  });
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
