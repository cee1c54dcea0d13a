import type { GatewayRecord, GatewayStore, RouteRecord, SmtpServerRecord } from "@smskit/core/stores";
import type * as Vitest from "vitest";
import { storeLogChecks } from "./store-suite-log.js";

/** The store under test, as `storeSuite` gets it. */
export interface StoreUnderTest {
  /** A new, empty store. */
  readonly store: GatewayStore;
  /**
   * A second, independent handle on the same data (another connection, as another process would
   * have) — for stores that can be shared. The suite closes it.
   */
  connect?(): Promise<GatewayStore>;
  /** Release what the store needed besides itself (a folder, a database); the suite closes the store first. */
  dispose?(): Promise<void>;
}

/** What the store under test can do beyond the basics. */
export interface StoreSuiteOptions {
  /** Other processes can open the same data (`connect` is given): runs the checks across two handles. */
  readonly shared?: boolean;
}

/** The suite's vitest functions, and a fresh store per test. */
export interface StoreSuiteContext {
  readonly vitest: typeof Vitest;
  readonly options: StoreSuiteOptions;
  /** Each test's store (a new one per test). */
  current(): StoreUnderTest;
  /** A second handle on the current store's data (shared stores); closed after the test. */
  connect(): Promise<GatewayStore>;
}

/** A gateway record the suite saves. */
export const gatewayRecord = (name: string, url = "https://a.example"): GatewayRecord => ({
  name,
  provider: "http",
  description: "",
  parameters: { URL: url },
  options: { text: "{otp}" },
  headers: {},
  secretOptions: [],
  secretHeaders: [],
});

const smtpRecord = (name: string, host = "mail.example"): SmtpServerRecord => ({
  name,
  host,
  port: 587,
  tls: "starttls",
  verifyTls: true,
  username: "user",
  password: "enc:v1:not-a-real-secret",
  sender: "otp@example.com",
  timeout: 30,
  description: "",
});

const routeRecord = (name: string, gateways = ["a", "b"]): RouteRecord => ({
  name,
  description: "",
  strategy: "failover",
  gateways: gateways.map((gateway) => ({ name: gateway, weight: 1 })),
  prefixes: [],
  onUnknown: "stop",
});

/**
 * Declare the store test suite inside a vitest test file: what every `GatewayStore` must do
 * (definitions with revisions that never repeat, conflicts, batches, the change marker,
 * idempotency keys, the message log), run against a fresh store from `open` for each test. Run it
 * once per store implementation, e.g. `storeSuite("SQLite", async () => ({ store: … }))`.
 */
export function storeSuite(
  name: string,
  open: () => Promise<StoreUnderTest>,
  options: StoreSuiteOptions = {},
): void {
  if (!vitest)
    throw new Error("storeSuite() declares vitest tests; call it at the top level of a vitest test file");
  const { afterEach, beforeEach, describe } = vitest;
  describe(`store suite: ${name}`, () => {
    let subject: StoreUnderTest | undefined;
    beforeEach(async () => {
      subject = await open();
    });
    const others: GatewayStore[] = [];
    afterEach(async () => {
      for (const other of others.splice(0)) await other.close();
      await subject?.store.close();
      await subject?.dispose?.();
      subject = undefined;
    });
    const current = () => {
      if (!subject) throw new Error("no store: the suite's beforeEach did not run");
      return subject;
    };
    const context: StoreSuiteContext = {
      vitest,
      options,
      current,
      async connect() {
        const { connect } = current();
        if (!connect) throw new Error(`the store ${name} is declared shared but gives no connect()`);
        const other = await connect();
        others.push(other);
        return other;
      },
    };
    definitionChecks(context);
    storeLogChecks(context);
  });
}

function definitionChecks({ vitest, current, connect, options }: StoreSuiteContext): void {
  const { expect, it } = vitest;
  const kinds = [
    {
      kind: "gateways",
      put: (store: GatewayStore, name: string, variant = "a", expectedRevision?: number) =>
        store.putGateway(
          gatewayRecord(name, `https://${variant}.example`),
          expectedRevision === undefined ? {} : { expectedRevision },
        ),
      get: (store: GatewayStore, name: string) => store.getGateway(name),
      list: (store: GatewayStore) => store.listGateways(),
      remove: (store: GatewayStore, name: string) => store.deleteGateway(name),
    },
    {
      kind: "SMTP servers",
      put: (store: GatewayStore, name: string, variant = "a", expectedRevision?: number) =>
        store.putSmtpServer(
          smtpRecord(name, `${variant}.example`),
          expectedRevision === undefined ? {} : { expectedRevision },
        ),
      get: (store: GatewayStore, name: string) => store.getSmtpServer(name),
      list: (store: GatewayStore) => store.listSmtpServers(),
      remove: (store: GatewayStore, name: string) => store.deleteSmtpServer(name),
    },
    {
      kind: "routes",
      put: (store: GatewayStore, name: string, variant = "a", expectedRevision?: number) =>
        store.putRoute(
          routeRecord(name, [variant]),
          expectedRevision === undefined ? {} : { expectedRevision },
        ),
      get: (store: GatewayStore, name: string) => store.getRoute(name),
      list: (store: GatewayStore) => store.listRoutes(),
      remove: (store: GatewayStore, name: string) => store.deleteRoute(name),
    },
  ];
  for (const { kind, put, get, list, remove } of kinds) {
    it(`${kind}: saves, reads, lists by name and deletes`, async () => {
      const { store } = current();
      const saved = await put(store, "otp");
      expect(saved.revision).toBe(1);
      expect(saved.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      await put(store, "alerts");
      expect(await get(store, "otp")).toEqual(saved);
      expect((await list(store)).map((definition) => definition.name)).toEqual(["alerts", "otp"]);
      expect(await remove(store, "otp")).toBe(true);
      expect(await get(store, "otp")).toBeUndefined();
      expect((await list(store)).map((definition) => definition.name)).toEqual(["alerts"]);
    });

    it(`${kind}: never reuses a revision, also after a delete`, async () => {
      const { store } = current();
      await put(store, "otp");
      await put(store, "otp");
      expect(await remove(store, "otp")).toBe(true);
      expect(await remove(store, "otp")).toBe(false);
      expect((await put(store, "otp")).revision).toBe(3);
    });

    it(`${kind}: refuses a save based on an old revision and changes nothing`, async () => {
      const { store } = current();
      const first = await put(store, "otp");
      const second = await put(store, "otp", "b");
      await expect(put(store, "otp", "c", first.revision)).rejects.toMatchObject({
        code: "SMSKIT_E_GATEWAY_CONFLICT",
      });
      await expect(put(store, "new", "c", 1)).rejects.toMatchObject({ code: "SMSKIT_E_GATEWAY_CONFLICT" });
      expect(await get(store, "otp")).toEqual(second);
      expect(await get(store, "new")).toBeUndefined();
      expect((await put(store, "otp", "d", second.revision)).revision).toBe(3);
      expect((await put(store, "fresh", "d", 0)).revision).toBe(1);
    });
  }

  it("gateways: keeps parameters, options, headers, secret flags and policies as saved", async () => {
    const { store } = current();
    const record: GatewayRecord = {
      ...gatewayRecord("full"),
      description: "Primary OTP gateway",
      parameters: { URL: "https://a.example", retries: 2, nested: { list: [1, "two"] }, token: "enc:v1:x" },
      options: { text: "{otp}", zeta: "1", alpha: "2" },
      headers: { Authorization: "enc:v1:y" },
      secretOptions: ["zeta"],
      secretHeaders: ["Authorization"],
      policies: {
        rateLimit: 5,
        retries: 1,
        breaker: { failures: 3, windowSeconds: 60, cooldownSeconds: 30 },
      },
    };
    const saved = await store.putGateway(record);
    const read = await store.getGateway("full");
    expect(read).toEqual(saved);
    expect(read).toMatchObject(record);
    expect(Object.keys(read?.options ?? {})).toEqual(["text", "zeta", "alpha"]);
  });

  it("gives copies: changing what it returned changes nothing stored", async () => {
    const { store } = current();
    const saved = await store.putGateway(gatewayRecord("otp"));
    (saved.parameters as Record<string, unknown>).URL = "https://changed.example";
    const read = await store.getGateway("otp");
    (read?.parameters as Record<string, unknown>).URL = "https://changed-again.example";
    expect((await store.getGateway("otp"))?.parameters).toEqual({ URL: "https://a.example" });
  });

  it("applies a batch of gateways, SMTP servers and routes together", async () => {
    const { store } = current();
    await store.putGateway(gatewayRecord("a"));
    const before = await store.changeMarker();
    await store.applyBatch({
      smtpServers: [smtpRecord("mail")],
      gateways: [gatewayRecord("a", "https://b.example"), gatewayRecord("b")],
      routes: [routeRecord("both")],
    });
    expect((await store.getGateway("a"))?.revision).toBe(2);
    expect((await store.getGateway("a"))?.parameters).toEqual({ URL: "https://b.example" });
    expect((await store.listGateways()).map((gateway) => gateway.name)).toEqual(["a", "b"]);
    expect((await store.getSmtpServer("mail"))?.revision).toBe(1);
    expect((await store.getRoute("both"))?.gateways.map((gateway) => gateway.name)).toEqual(["a", "b"]);
    expect(await store.changeMarker()).not.toBe(before);
  });

  it("changes its change marker on every save and delete, and only then", async () => {
    const { store } = current();
    const markers = [await store.changeMarker()];
    expect(await store.changeMarker()).toBe(markers[0]);
    await store.putGateway(gatewayRecord("otp"));
    markers.push(await store.changeMarker());
    await store.putRoute(routeRecord("r"));
    markers.push(await store.changeMarker());
    await store.putSmtpServer(smtpRecord("mail"));
    markers.push(await store.changeMarker());
    await store.deleteGateway("otp");
    markers.push(await store.changeMarker());
    expect(new Set(markers).size).toBe(markers.length);
    await store.getGateway("otp");
    await store.listRoutes();
    expect(await store.changeMarker()).toBe(markers.at(-1));
  });

  if (!options.shared) return;

  it("changes its change marker when another connection writes", async () => {
    const { store } = current();
    const writer = await connect();
    const before = await store.changeMarker();
    expect(await store.changeMarker()).toBe(before);
    await writer.putGateway(gatewayRecord("otp"));
    await expect.poll(() => store.changeMarker(), { timeout: 2000, interval: 20 }).not.toBe(before);
    expect((await store.getGateway("otp"))?.revision).toBe(1);
  });

  it("keeps revisions growing when two connections save one name at once", async () => {
    const { store } = current();
    const other = await connect();
    const saves = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (index % 2 ? store : other).putGateway(gatewayRecord("shared")),
      ),
    );
    expect(saves.map((saved) => saved.revision).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect((await other.getGateway("shared"))?.revision).toBe(10);
  });
}

/** vitest, when running inside it; importing the testkit elsewhere (benchmarks, demos) must not fail. */
const vitest: typeof Vitest | undefined = await import("vitest").catch(() => undefined);
