import type { AddressInfo, Socket } from "node:net";
import { testCertificate } from "./certificates.js";
import {
  integer,
  type ServerPdu,
  type ServerSession,
  sendReceipt,
  smpp,
  submitOf,
  text,
} from "./smsc-pdu.js";
import { messageAssembler } from "./smsc-reassembly.js";
import {
  type SmscAnswer,
  type SmscBehaviour,
  type SmscBind,
  type SmscMessage,
  type SmscReceipt,
  type SmscSimulator,
  type SmscSimulatorOptions,
  type SmscSubmit,
  smppStatus,
} from "./smsc-types.js";
import { Waiters } from "./waiters.js";

/**
 * Start an SMPP 3.4 SMS centre on loopback (a random free port), built on the `smpp`
 * package's server. It checks bind credentials, records every bind and submit_sm, answers
 * as the behaviour says, and reassembles concatenated messages from their parts.
 */
export async function startSmscSimulator(options: SmscSimulatorOptions = {}): Promise<SmscSimulator> {
  const systemId = options.systemId ?? "smskit";
  const password = options.password ?? "secret";
  const host = options.host ?? "127.0.0.1";
  const certificate = options.tls === true ? testCertificate() : options.tls || undefined;
  let behaviour: SmscBehaviour = options.behaviour ?? {};

  const binds: SmscBind[] = [];
  const submits: SmscSubmit[] = [];
  const messages: SmscMessage[] = [];
  const assembler = messageAssembler(messages);
  const sockets = new Set<Socket>();
  const waiters = new Waiters();
  const outstandingByConnection = new Map<number, number>();
  const counters = {
    connections: 0,
    outstanding: 0,
    maxOutstanding: 0,
    enquireLinks: 0,
    unbinds: 0,
    ids: 0,
    receiptsSent: 0,
    receiptsAnswered: 0,
  };

  const changed = () => {
    waiters.notify();
  };
  const adjustOutstanding = (connection: number, delta: number) => {
    outstandingByConnection.set(connection, (outstandingByConnection.get(connection) ?? 0) + delta);
    counters.outstanding += delta;
    counters.maxOutstanding = Math.max(counters.maxOutstanding, counters.outstanding);
  };

  const handleSession = (session: ServerSession) => {
    const connection = ++counters.connections;
    let bound: string | undefined;
    sockets.add(session.socket);
    session.socket.setNoDelay(true);
    outstandingByConnection.set(connection, 0);
    session.on("error", () => session.socket.destroy());
    session.socket.on("close", () => {
      sockets.delete(session.socket);
      counters.outstanding -= outstandingByConnection.get(connection) ?? 0;
      outstandingByConnection.delete(connection);
      changed();
    });
    let corked = false;
    const answer = (pdu: ServerPdu, fields: Record<string, unknown> = {}) => {
      // Answers given in the same tick leave in one write, as a real SMSC's would under load.
      if (!corked) {
        corked = true;
        session.socket.cork();
        process.nextTick(() => {
          corked = false;
          session.socket.uncork();
        });
      }
      session.send(pdu.response(fields));
    };

    const onBind = (pdu: ServerPdu) => {
      if (session.socket.destroyed) return;
      const bind: SmscBind = {
        command: pdu.command,
        systemId: text(pdu.system_id),
        password: text(pdu.password),
        systemType: text(pdu.system_type),
        interfaceVersion: integer(pdu.interface_version),
        addrTon: integer(pdu.addr_ton),
        addrNpi: integer(pdu.addr_npi),
        addressRange: text(pdu.address_range),
        connection,
        status: 0,
      };
      binds.push(bind);
      if (bound) bind.status = smppStatus.ESME_RALYBND;
      else if (bind.systemId !== systemId) bind.status = smppStatus.ESME_RINVSYSID;
      else if (bind.password !== password) bind.status = smppStatus.ESME_RINVPASWD;
      else bind.status = behaviour.bind?.(bind) ?? 0;
      changed();
      if (bind.status === "hang") return;
      if (bind.status === 0) {
        bound = pdu.command;
        answer(pdu, { system_id: "smskit-smsc" });
        return;
      }
      session.send(pdu.response({ command_status: bind.status }), () => session.socket.end());
    };
    session.on("bind_transmitter", onBind);
    session.on("bind_transceiver", onBind);
    session.on("bind_receiver", onBind);

    session.on("submit_sm", (pdu: ServerPdu) => {
      // PDUs still buffered from a connection the simulator dropped never "arrived".
      if (session.socket.destroyed) return;
      if (bound !== "bind_transmitter" && bound !== "bind_transceiver") {
        answer(pdu, { command_status: smppStatus.ESME_RINVBNDSTS });
        return;
      }
      const submit = submitOf(pdu, connection);
      submits.push(submit);
      const count = submits.length;
      adjustOutstanding(connection, 1);
      changed();
      const current = behaviour;
      if (current.dropAfter !== undefined && count >= current.dropAfter) {
        behaviour = { ...current, dropAfter: undefined };
        dropAll();
        return;
      }
      const reply = (status: SmscAnswer) => {
        if (status === "hang") {
          submit.status = "hang";
          return;
        }
        if (!session.socket.writable) return;
        submit.status = status;
        adjustOutstanding(connection, -1);
        if (status === 0) {
          submit.messageId = (++counters.ids).toString(16).toUpperCase().padStart(8, "0");
          const plans = bound === "bind_transceiver" ? (current.receipts?.(submit) ?? []) : [];
          for (const plan of plans) if (plan.beforeAnswer) receiptOf(session, submit, plan);
          assembler.accept(submit);
          answer(pdu, { message_id: submit.messageId });
          for (const plan of plans) {
            if (!plan.beforeAnswer) setTimeout(() => receiptOf(session, submit, plan), plan.delayMs ?? 0);
          }
        } else {
          answer(pdu, { command_status: status });
        }
        changed();
      };
      if (!current.submit && !current.answerDelayMs) {
        // An SMSC that answers at once: no promise in between (benchmarks measure against this).
        reply(0);
        return;
      }
      void Promise.resolve()
        .then(() => (current.submit ? current.submit(submit, count) : 0))
        .then(async (status) => {
          if (status !== "hang" && current.answerDelayMs) await delay(current.answerDelayMs);
          reply(status);
        });
    });

    session.on("enquire_link", (pdu: ServerPdu) => {
      counters.enquireLinks++;
      if (behaviour.answerEnquireLink !== false) answer(pdu);
    });
    session.on("unbind", (pdu: ServerPdu) => {
      counters.unbinds++;
      bound = undefined;
      session.send(pdu.response(), () => session.socket.end());
      changed();
    });
  };

  const receiptOf = (session: ServerSession, submit: SmscSubmit, plan: SmscReceipt) => {
    const sent = sendReceipt(session, submit, plan, () => {
      counters.receiptsAnswered++;
      changed();
    });
    if (sent) counters.receiptsSent++;
  };

  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  const server = smpp.createServer(
    certificate ? { key: certificate.key, cert: certificate.cert } : {},
    handleSession,
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const waitFor = <T>(ready: () => T[] | undefined, what: string, timeoutMs: number): Promise<T[]> =>
    waiters.until(ready, timeoutMs, () => `the SMSC simulator did not see ${what} within ${timeoutMs} ms`);

  return {
    host,
    port,
    binds,
    submits,
    messages,
    get connectionsOpened() {
      return counters.connections;
    },
    get openConnections() {
      return sockets.size;
    },
    get outstanding() {
      return counters.outstanding;
    },
    get maxOutstanding() {
      return counters.maxOutstanding;
    },
    get receiptsSent() {
      return counters.receiptsSent;
    },
    get receiptsAnswered() {
      return counters.receiptsAnswered;
    },
    get enquireLinks() {
      return counters.enquireLinks;
    },
    get unbinds() {
      return counters.unbinds;
    },
    setBehaviour(next) {
      behaviour = next;
    },
    dropConnections: dropAll,
    reset() {
      binds.length = 0;
      submits.length = 0;
      messages.length = 0;
      assembler.clear();
      counters.maxOutstanding = counters.outstanding;
      counters.enquireLinks = 0;
      counters.unbinds = 0;
    },
    waitForMessages(count, timeoutMs = 5000) {
      return waitFor(
        () => (messages.length >= count ? [...messages] : undefined),
        `${count} messages`,
        timeoutMs,
      );
    },
    waitForSubmits(count, timeoutMs = 5000) {
      return waitFor(
        () => (submits.length >= count ? [...submits] : undefined),
        `${count} submits`,
        timeoutMs,
      );
    },
    close() {
      dropAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
