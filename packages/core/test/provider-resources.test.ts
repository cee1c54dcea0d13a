import { describe, expect, it } from "vitest";
import { ConfigurationError, createSmskit, defineProvider, type ProviderContext } from "../src/index.js";

/** A provider that reports what it finds under the resources its gateway names. */
function resourceReader(seen: unknown[]) {
  return defineProvider({
    specVersion: 1,
    id: "reader",
    kind: "sms",
    displayName: "Resource reader",
    description: "Looks a resource up at create() and at validation.",
    optionsAllowed: false,
    headersAllowed: false,
    parameters: {
      type: "object",
      properties: {
        KIND: { type: "string", description: "Resource kind." },
        NAME: { type: "string", description: "Resource name." },
      },
      required: ["KIND", "NAME"],
    },
    async validate(config, context) {
      const found = await context.resources.get(config.parameters.KIND, config.parameters.NAME);
      return found === undefined ? [{ key: "NAME", message: "names no resource" }] : [];
    },
    async create(config, context: ProviderContext) {
      seen.push(await context.resources.get(config.parameters.KIND, config.parameters.NAME));
      return { send: async () => ({ messageId: "1" }) };
    },
  });
}

describe("provider resources", () => {
  it("hands providers what the application registered, by kind and name, at validation and at send", async () => {
    const seen: unknown[] = [];
    const queues = new Map([["main", { url: "amqp://127.0.0.1" }]]);
    const smskit = await createSmskit({
      providers: [resourceReader(seen)],
      resources: { queue: (name) => queues.get(name) },
    });
    await smskit.saveGateway({ name: "q", provider: "reader", parameters: { KIND: "queue", NAME: "main" } });
    await smskit.send("q", "+491701234567", "hello");
    expect(seen).toEqual([{ url: "amqp://127.0.0.1" }]);
    await expect(
      smskit.saveGateway({ name: "r", provider: "reader", parameters: { KIND: "queue", NAME: "other" } }),
    ).rejects.toThrow("gateway 'r': parameter NAME names no resource");
    await expect(
      smskit.saveGateway({ name: "s", provider: "reader", parameters: { KIND: "nothing", NAME: "main" } }),
    ).rejects.toThrow("names no resource");
    await smskit.close();
  });

  it("offers the script directory as the directory resource 'scripts'", async () => {
    const seen: unknown[] = [];
    const smskit = await createSmskit({ providers: [resourceReader(seen)], scriptDirectory: "/srv/scripts" });
    await smskit.saveGateway({
      name: "d",
      provider: "reader",
      parameters: { KIND: "directory", NAME: "scripts" },
    });
    await smskit.send("d", "+491701234567", "hello");
    expect(seen).toEqual(["/srv/scripts"]);
    await smskit.close();
  });

  it("refuses an application resource under one of smskit's own kinds, or one that is no lookup", async () => {
    const reserved: Record<string, (name: string) => unknown>[] = [
      { "smtp-server": () => undefined },
      { directory: () => "/tmp" },
    ];
    for (const resources of reserved) {
      const refused = await createSmskit({ resources }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ConfigurationError);
      expect((refused as ConfigurationError).code).toBe("SMSKIT_E_USAGE");
      expect((refused as ConfigurationError).message).toContain("is a resource kind of smskit itself");
    }
    const notALookup = { queue: "amqp://x" } as unknown as Record<string, (name: string) => unknown>;
    await expect(createSmskit({ resources: notALookup })).rejects.toThrow(
      "resources: 'queue' must be a function",
    );
  });
});
