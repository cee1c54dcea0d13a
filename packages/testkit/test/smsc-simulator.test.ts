import type { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  type SmscSimulator,
  type SmscSimulatorOptions,
  smppStatus,
  startSmscSimulator,
  testCertificate,
} from "../src/index.js";

/** The `smpp` package's client, as far as these tests use it (the package has no types). */
interface ClientPdu {
  readonly command: string;
  readonly command_status: number;
  readonly message_id?: string;
}
interface ClientSession extends EventEmitter {
  readonly socket: Socket;
  send(pdu: unknown, responseCallback?: (response: ClientPdu) => void): boolean;
}
interface SmppClient {
  connect(options: Record<string, unknown>): ClientSession;
  PDU: new (command: string, fields?: Record<string, unknown>) => unknown;
}
const smpp = createRequire(import.meta.url)("smpp") as SmppClient;

const simulators: SmscSimulator[] = [];
const sessions: ClientSession[] = [];

afterEach(async () => {
  for (const session of sessions.splice(0)) session.socket.destroy();
  await Promise.all(simulators.splice(0).map((simulator) => simulator.close()));
});

async function start(options: SmscSimulatorOptions = {}): Promise<SmscSimulator> {
  const simulator = await startSmscSimulator({ systemId: "esme", password: "pw", ...options });
  simulators.push(simulator);
  return simulator;
}

/** Connect a raw client of the `smpp` package to the simulator. */
async function connect(simulator: SmscSimulator, tls = false): Promise<ClientSession> {
  const session = smpp.connect({
    host: simulator.host,
    port: simulator.port,
    tls,
    ...(tls ? { ca: testCertificate().cert } : {}),
  });
  sessions.push(session);
  session.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    session.once(tls ? "secureConnect" : "connect", () => resolve());
    session.once("error", reject);
  });
  return session;
}

function request(
  session: ClientSession,
  command: string,
  fields: Record<string, unknown> = {},
): Promise<ClientPdu> {
  return new Promise((resolve) => session.send(new smpp.PDU(command, fields), resolve));
}

async function bound(simulator: SmscSimulator): Promise<ClientSession> {
  const session = await connect(simulator);
  const answer = await request(session, "bind_transmitter", { system_id: "esme", password: "pw" });
  expect(answer.command_status).toBe(0);
  return session;
}

function part(reference: number, total: number, sequence: number, text: string): Record<string, unknown> {
  return {
    destination_addr: "4917012345678",
    source_addr: "ACME",
    esm_class: 0x40,
    data_coding: 0,
    short_message: Buffer.concat([
      Buffer.from([5, 0, 3, reference, total, sequence]),
      Buffer.from(text, "latin1"),
    ]),
  };
}

describe("startSmscSimulator", () => {
  it("refuses a wrong system id and a wrong password with their statuses, and records every bind", async () => {
    const simulator = await start();
    const first = await connect(simulator);
    expect(
      (await request(first, "bind_transmitter", { system_id: "x", password: "pw" })).command_status,
    ).toBe(smppStatus.ESME_RINVSYSID);
    const second = await connect(simulator);
    expect(
      (await request(second, "bind_transmitter", { system_id: "esme", password: "no" })).command_status,
    ).toBe(smppStatus.ESME_RINVPASWD);
    await bound(simulator);
    expect(simulator.binds.map((bind) => [bind.systemId, bind.password, bind.status])).toEqual([
      ["x", "pw", smppStatus.ESME_RINVSYSID],
      ["esme", "no", smppStatus.ESME_RINVPASWD],
      ["esme", "pw", 0],
    ]);
    expect(simulator.connectionsOpened).toBe(3);
  });

  it("refuses a submit before the bind with ESME_RINVBNDSTS", async () => {
    const simulator = await start();
    const session = await connect(simulator);
    const answer = await request(session, "submit_sm", { destination_addr: "1", short_message: "x" });
    expect(answer.command_status).toBe(smppStatus.ESME_RINVBNDSTS);
    expect(simulator.submits).toHaveLength(0);
  });

  it("records the submit's fields and decodes GSM and UCS-2 text", async () => {
    const simulator = await start();
    const session = await bound(simulator);
    const accepted = await request(session, "submit_sm", {
      source_addr_ton: 5,
      source_addr: "ACME",
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: "4917012345678",
      data_coding: 0,
      short_message: Buffer.from([0x48, 0x69, 0x1b, 0x65, 0x1b, 0x3c]),
    });
    await request(session, "submit_sm", {
      destination_addr: "4917012345678",
      data_coding: 8,
      short_message: Buffer.from("Ж😀", "utf16le").swap16(),
    });
    expect(accepted.command_status).toBe(0);
    expect(simulator.submits[0]).toMatchObject({
      sourceAddr: "ACME",
      sourceAddrTon: 5,
      destAddrTon: 1,
      destAddrNpi: 1,
      destinationAddr: "4917012345678",
      text: "Hi€[",
      status: 0,
      messageId: accepted.message_id,
    });
    expect(simulator.messages.map((message) => message.text)).toEqual(["Hi€[", "Ж😀"]);
  });

  it("reassembles concatenated parts in sequence order, once every part has been accepted", async () => {
    const simulator = await start();
    const session = await bound(simulator);
    await request(session, "submit_sm", part(9, 3, 3, "three"));
    await request(session, "submit_sm", part(9, 3, 1, "one-"));
    expect(simulator.messages).toHaveLength(0);
    await request(session, "submit_sm", part(9, 3, 2, "two-"));
    expect(simulator.messages).toHaveLength(1);
    expect(simulator.messages[0]).toMatchObject({
      text: "one-two-three",
      parts: 3,
      destinationAddr: "4917012345678",
    });
    expect(simulator.submits[0]?.concatenation).toEqual({ reference: 9, total: 3, sequence: 3 });
  });

  it("answers as the behaviour says: statuses by count, hanging submits counted as outstanding", async () => {
    const simulator = await start({
      behaviour: {
        submit: (_submit, count) => (count === 1 ? smppStatus.ESME_RTHROTTLED : count === 3 ? "hang" : 0),
      },
    });
    const session = await bound(simulator);
    expect((await request(session, "submit_sm", { destination_addr: "1" })).command_status).toBe(
      smppStatus.ESME_RTHROTTLED,
    );
    expect((await request(session, "submit_sm", { destination_addr: "1" })).command_status).toBe(0);
    void request(session, "submit_sm", { destination_addr: "1" });
    await simulator.waitForSubmits(3);
    expect(simulator.outstanding).toBe(1);
    expect(simulator.messages).toHaveLength(1);
    simulator.setBehaviour({});
    expect((await request(session, "submit_sm", { destination_addr: "1" })).command_status).toBe(0);
    expect(simulator.maxOutstanding).toBe(2);
  });

  it("drops every connection at the dropAfter-th submit without answering it, once", async () => {
    const simulator = await start({ behaviour: { dropAfter: 2 } });
    const session = await bound(simulator);
    await request(session, "submit_sm", { destination_addr: "1" });
    const closed = new Promise((resolve) => session.once("close", resolve));
    session.send(new smpp.PDU("submit_sm", { destination_addr: "2" }));
    await closed;
    expect(simulator.submits.map((submit) => submit.status)).toEqual([0, undefined]);
    const again = await bound(simulator);
    expect((await request(again, "submit_sm", { destination_addr: "3" })).command_status).toBe(0);
    expect(simulator.openConnections).toBe(1);
  });

  it("reset() forgets the records and restarts the submit count; the session stays", async () => {
    const simulator = await start({
      behaviour: { submit: (_submit, count) => (count === 1 ? smppStatus.ESME_RTHROTTLED : 0) },
    });
    const session = await bound(simulator);
    expect((await request(session, "submit_sm", { destination_addr: "1" })).command_status).toBe(
      smppStatus.ESME_RTHROTTLED,
    );
    expect((await request(session, "submit_sm", { destination_addr: "1" })).command_status).toBe(0);
    simulator.reset();
    expect([simulator.binds.length, simulator.submits.length, simulator.messages.length]).toEqual([0, 0, 0]);
    expect((await request(session, "submit_sm", { destination_addr: "1" })).command_status).toBe(
      smppStatus.ESME_RTHROTTLED,
    );
    expect(simulator.openConnections).toBe(1);
  });

  it("answers enquire_link and unbind, and counts them", async () => {
    const simulator = await start();
    const session = await bound(simulator);
    expect((await request(session, "enquire_link")).command).toBe("enquire_link_resp");
    const closed = new Promise((resolve) => session.once("close", resolve));
    expect((await request(session, "unbind")).command).toBe("unbind_resp");
    await closed;
    expect(simulator.enquireLinks).toBe(1);
    expect(simulator.unbinds).toBe(1);
  });

  it("serves SMPP over TLS with the test certificate", async () => {
    const simulator = await start({ tls: true });
    const session = await connect(simulator, true);
    expect(
      (await request(session, "bind_transmitter", { system_id: "esme", password: "pw" })).command_status,
    ).toBe(0);
  });

  it("dropConnections() ends every session; close() stops listening", async () => {
    const simulator = await start();
    const session = await bound(simulator);
    const closed = new Promise((resolve) => session.once("close", resolve));
    simulator.dropConnections();
    await closed;
    await simulator.close();
    simulators.splice(simulators.indexOf(simulator), 1);
    await expect(connect(simulator)).rejects.toThrow(/ECONNREFUSED/);
  });
});
