import type { GatewayStore, MessageRecord } from "@smskit/core/stores";
import type { StoreSuiteContext } from "./store-suite.js";

/** A message record the suite writes (ids are ULIDs whose first 10 characters encode the time). */
export function messageRecord(id: string, fields: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id,
    target: "otp",
    gateway: "otp",
    provider: "http",
    to: "••••4567",
    status: "submitted",
    messageIds: [`p-${id}`],
    partStatuses: undefined,
    parts: 1,
    encoding: "GSM7",
    errorCode: undefined,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    history: [{ status: "submitted", at: Date.now(), source: "send" }],
    ...fields,
  };
}

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID for `time` with `suffix` as its last characters. */
function ulidAt(time: number, suffix: string): string {
  let encoded = "";
  for (let rest = time, index = 0; index < 10; index++, rest = Math.floor(rest / 32)) {
    encoded = crockford[rest % 32] + encoded;
  }
  return encoded + suffix.padStart(16, "0");
}

/** Idempotency keys and the message log. */
export function storeLogChecks({ vitest, current, connect, options }: StoreSuiteContext): void {
  const { expect, it } = vitest;
  const claim = (store: GatewayStore, key: string, requestHash = "h1", now = 1000, expiresAt = 5000) =>
    store.claimIdempotencyKey({ key, requestHash, now, expiresAt });

  it("idempotency: a claim wins once; the holder's record, then its outcome, are what others get", async () => {
    const { store } = current();
    expect(await claim(store, "k")).toBeUndefined();
    expect(await claim(store, "k", "h2")).toEqual({
      key: "k",
      requestHash: "h1",
      state: "pending",
      outcome: undefined,
      expiresAt: 5000,
    });
    await store.completeIdempotencyKey("k", '{"id":"x"}');
    expect(await store.getIdempotencyRecord("k", 1000)).toMatchObject({
      state: "done",
      outcome: '{"id":"x"}',
    });
    expect(await claim(store, "k")).toMatchObject({ state: "done", outcome: '{"id":"x"}' });
  });

  it("idempotency: a released key may be claimed again; an expired one is gone", async () => {
    const { store } = current();
    expect(await claim(store, "k")).toBeUndefined();
    await store.releaseIdempotencyKey("k");
    expect(await store.getIdempotencyRecord("k", 1000)).toBeUndefined();
    expect(await claim(store, "k", "h2")).toBeUndefined();
    expect(await store.getIdempotencyRecord("k", 4999)).toMatchObject({ requestHash: "h2" });
    expect(await store.getIdempotencyRecord("k", 5000)).toBeUndefined();
    expect(await claim(store, "k", "h3", 5000, 9000)).toBeUndefined();
    expect(await store.getIdempotencyRecord("k", 5000)).toMatchObject({ requestHash: "h3", expiresAt: 9000 });
  });

  it("idempotency: of many claims of one key at once, exactly one wins", async () => {
    const { store } = current();
    const stores = options.shared ? [store, await connect()] : [store];
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) => claim(stores[index % stores.length] as GatewayStore, "race")),
    );
    expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(1);
  });

  it("messages: writes, replaces, reads by id and by the gateway's id", async () => {
    const { store } = current();
    const messages = requireLog(store);
    const id = ulidAt(Date.now(), "A");
    await messages.writeMessages([messageRecord(id, { status: "enroute", messageIds: [] })]);
    expect((await messages.getMessage(id))?.status).toBe("enroute");
    const final = messageRecord(id, { status: "delivered", messageIds: ["m-1", "m-2"], parts: 2 });
    await messages.writeMessages([final]);
    expect(await messages.getMessage(id)).toEqual(final);
    expect(await messages.findMessageByProviderId("otp", "m-2")).toEqual(final);
    expect(await messages.findMessageByProviderId("other", "m-2")).toBeUndefined();
    expect(await messages.getMessage(ulidAt(Date.now(), "B"))).toBeUndefined();
  });

  it("messages: a batch with several writes of one message keeps the last", async () => {
    const { store } = current();
    const messages = requireLog(store);
    const id = ulidAt(Date.now(), "C");
    const many = Array.from({ length: 200 }, (_, index) => messageRecord(ulidAt(Date.now(), `D${index}`)));
    await messages.writeMessages([
      messageRecord(id, { status: "enroute" }),
      ...many,
      messageRecord(id, { status: "failed", errorCode: "SMSKIT_E_HTTP_STATUS" }),
    ]);
    expect(await messages.getMessage(id)).toMatchObject({
      status: "failed",
      errorCode: "SMSKIT_E_HTTP_STATUS",
    });
    expect(await messages.listMessages({ limit: 1000 })).toHaveLength(201);
  });

  it("messages: lists by status, gateway and time, newest first, and prunes by age", async () => {
    const { store } = current();
    const messages = requireLog(store);
    const hour = 3_600_000;
    const now = Date.now();
    const old = messageRecord(ulidAt(now - 3 * hour, "1"), { createdAt: now - 3 * hour, gateway: "a" });
    const middle = messageRecord(ulidAt(now - 2 * hour, "2"), {
      createdAt: now - 2 * hour,
      gateway: "b",
      status: "failed",
    });
    const recent = messageRecord(ulidAt(now - hour, "3"), { createdAt: now - hour, gateway: "a" });
    await messages.writeMessages([middle, recent, old]);
    const ids = (records: MessageRecord[]) => records.map((record) => record.id);
    expect(ids(await messages.listMessages({}))).toEqual([recent.id, middle.id, old.id]);
    expect(ids(await messages.listMessages({ gateway: "a" }))).toEqual([recent.id, old.id]);
    expect(ids(await messages.listMessages({ status: "failed" }))).toEqual([middle.id]);
    expect(ids(await messages.listMessages({ since: now - 2.5 * hour }))).toEqual([recent.id, middle.id]);
    expect(ids(await messages.listMessages({ limit: 1 }))).toEqual([recent.id]);
    expect(await messages.pruneMessages(now - 1.5 * hour)).toBe(2);
    expect(ids(await messages.listMessages({}))).toEqual([recent.id]);
    expect(await messages.findMessageByProviderId("a", old.messageIds[0] as string)).toBeUndefined();
  });
}

function requireLog(store: GatewayStore): NonNullable<GatewayStore["messages"]> {
  if (!store.messages) throw new Error("the store has no message log (GatewayStore.messages)");
  return store.messages;
}
