import {
  type ConfigurationError,
  type RouteDefinition,
  type RouteInput,
  routeStrategies,
} from "@smskit/core";
import { coreErrors } from "@smskit/provider";
import { writeFields, writeJson, writeTable } from "../output.js";
import { usageError } from "../usage-error.js";
import type { Command, CommandContext } from "./command-context.js";

/** The `route` commands: each one's specification beside its handler. */
export const routeCommands: readonly Command[] = [
  {
    spec: {
      path: ["route", "set"],
      summary: "create or replace a route over gateways (failover, round-robin or weighted)",
      details: [
        "A route is a send target like a gateway (one namespace). It moves to its next gateway only after a failure that definitely did not deliver the message; after an unknown outcome (a timeout after the request went out) it stops, so no one-time password goes out twice — unless --on-unknown continue says a duplicate is better than nothing.",
        "Every gateway named must exist; a route never names another route. A gateway a route uses cannot be deleted.",
      ],
      arguments: [
        { name: "name", description: "the route's name: 1 to 64 letters, digits, '.', '_' or '-'" },
      ],
      options: [
        {
          name: "strategy",
          value: routeStrategies.join("|"),
          description:
            "failover: the gateways in order; round-robin: each send starts at the next one; weighted: the start drawn by weight (default failover)",
        },
        {
          name: "gateway",
          value: "NAME[:WEIGHT]",
          multiple: true,
          required: true,
          description: "a gateway of the route, in order; WEIGHT (default 1) for weighted; repeat for more",
        },
        {
          name: "prefix",
          value: "PREFIX=A[,B...]",
          multiple: true,
          description:
            "recipients starting with PREFIX ('+' and '00' alike) go to these gateways in order; the longest prefix wins",
        },
        {
          name: "on-unknown",
          value: "stop|continue",
          description:
            "after an unknown outcome: stop (default, never a duplicate) or continue with the next gateway",
        },
        { name: "description", value: "TEXT", description: "what the route is for" },
      ],
      examples: [
        "smskit route set otp --gateway primary --gateway backup",
        "smskit route set notify --strategy weighted --gateway a:3 --gateway b:1 --prefix +49=de-gw,a --on-unknown continue",
      ],
    },
    store: "write",
    run: setRoute,
  },
  {
    spec: {
      path: ["route", "list"],
      summary: "list the routes",
      arguments: [],
      options: [{ name: "json", description: "print the routes as JSON" }],
      examples: ["smskit route list", "smskit route list --json"],
    },
    store: "read",
    run: listRoutes,
  },
  {
    spec: {
      path: ["route", "show"],
      summary: "show one route",
      arguments: [{ name: "name", description: "the route to show" }],
      options: [
        {
          name: "json",
          description: "print the route (name, strategy, gateways, prefixes, onUnknown, revision) as JSON",
        },
      ],
      examples: ["smskit route show otp", "smskit route show otp --json"],
    },
    store: "read",
    run: showRoute,
  },
  {
    spec: {
      path: ["route", "delete"],
      summary: "delete a route",
      arguments: [{ name: "name", description: "the route to delete" }],
      options: [],
      examples: ["smskit route delete otp"],
    },
    store: "write",
    run: deleteRoute,
  },
];

/** `smskit route set NAME --gateway A [--gateway B[:WEIGHT]]... [--prefix P=A,B]...`. */
async function setRoute({ io, flags, arguments: [name = ""], smskit }: CommandContext): Promise<void> {
  const input: RouteInput = {
    name,
    gateways: (flags.gateway ?? []).map(parseGateway),
    prefixes: (flags.prefix ?? []).map(parsePrefix),
    ...(flags.strategy === undefined ? {} : { strategy: flags.strategy as RouteInput["strategy"] & string }),
    ...(flags["on-unknown"] === undefined
      ? {}
      : { onUnknown: flags["on-unknown"] as RouteInput["onUnknown"] & string }),
    ...(flags.description === undefined ? {} : { description: flags.description }),
  };
  const saved = await smskit.saveRoute(input);
  io.stdout.write(
    `Saved route '${saved.name}' (${saved.strategy} over ${saved.gateways.map((gateway) => `'${gateway.name}'`).join(", ")}, revision ${saved.revision}).\n`,
  );
}

/** `smskit route list [--json]`. */
async function listRoutes({ io, flags, smskit }: CommandContext): Promise<void> {
  const routes = await smskit.listRoutes();
  if (flags.json) {
    writeJson(io.stdout, routes);
    return;
  }
  if (routes.length === 0) {
    io.stdout.write(
      "No routes are defined. Define one with 'smskit route set <name> --gateway A --gateway B'.\n",
    );
    return;
  }
  writeTable(
    io.stdout,
    ["NAME", "STRATEGY", "GATEWAYS", "ON UNKNOWN", "REVISION", "DESCRIPTION"],
    routes.map((route) => [
      route.name,
      route.strategy,
      describeGateways(route),
      route.onUnknown,
      route.revision,
      route.description,
    ]),
  );
}

/** `smskit route show NAME [--json]`. */
async function showRoute({ io, flags, arguments: [name = ""], smskit }: CommandContext): Promise<void> {
  const route = await smskit.getRoute(name);
  if (!route) throw notFound(name);
  if (flags.json) {
    writeJson(io.stdout, route);
    return;
  }
  writeFields(io.stdout, [
    ["name", route.name],
    ["strategy", route.strategy],
    ["gateways", describeGateways(route)],
    ["on unknown", route.onUnknown],
    ["description", route.description],
    ["revision", String(route.revision)],
    ["updated", route.updatedAt],
  ]);
  io.stdout.write(`prefixes:${route.prefixes.length === 0 ? " (none)" : ""}\n`);
  for (const rule of route.prefixes) io.stdout.write(`  ${rule.prefix}=${rule.gateways.join(",")}\n`);
}

/** `smskit route delete NAME`. */
async function deleteRoute({ io, arguments: [name = ""], smskit }: CommandContext): Promise<void> {
  if (!(await smskit.deleteRoute(name))) throw notFound(name);
  io.stdout.write(`Deleted route '${name}'.\n`);
}

function describeGateways(route: RouteDefinition): string {
  return route.gateways
    .map((gateway) => (route.strategy === "weighted" ? `${gateway.name}:${gateway.weight}` : gateway.name))
    .join(", ");
}

/** `NAME` or `NAME:WEIGHT`. */
function parseGateway(text: string): { name: string; weight?: number } {
  const match = /^([^:]+)(?::(.*))?$/.exec(text);
  if (!match?.[1]) throw usageError(`--gateway expects NAME or NAME:WEIGHT, got ${JSON.stringify(text)}`);
  if (match[2] === undefined) return { name: match[1] };
  const weight = Number(match[2]);
  if (match[2].trim() === "" || !Number.isFinite(weight)) {
    throw usageError(
      `--gateway ${match[1]}: the weight must be a whole number, got ${JSON.stringify(match[2])}`,
    );
  }
  return { name: match[1], weight };
}

/** `PREFIX=A[,B...]`. */
function parsePrefix(text: string): { prefix: string; gateways: string[] } {
  const separator = text.indexOf("=");
  const gateways = text
    .slice(separator + 1)
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (separator <= 0 || gateways.length === 0) {
    throw usageError(
      `--prefix expects PREFIX=GATEWAY[,GATEWAY...], e.g. +49=de-gw,backup; got ${JSON.stringify(text)}`,
    );
  }
  return { prefix: text.slice(0, separator).trim(), gateways };
}

function notFound(name: string): ConfigurationError {
  return coreErrors.SMSKIT_E_ROUTE_NOT_FOUND.create({
    name,
    hint: "; list the defined ones with 'smskit route list'",
  });
}
