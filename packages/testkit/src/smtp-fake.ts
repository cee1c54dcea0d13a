import type { AddressInfo, Socket } from "node:net";
import {
  SMTPServer,
  type SMTPServerAuthentication,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from "smtp-server";
import { testCertificate } from "./certificates.js";
import { answer, readMessage, replyError } from "./smtp-fake-replies.js";
import type {
  FakeSmtpServer,
  SmtpFakeBehaviour,
  SmtpFakeLogin,
  SmtpFakeMessage,
  SmtpFakeOptions,
} from "./smtp-fake-types.js";
import { destroySocket } from "./sockets.js";
import { Waiters } from "./waiters.js";

/**
 * Start an SMTP server on a free loopback port, built on the `smtp-server` package. It
 * speaks plain SMTP, STARTTLS or implicit TLS, requires AUTH (PLAIN/LOGIN) when told,
 * records every login and message (parsed by `mailparser`), counts connections, and answers
 * greeting, MAIL FROM, RCPT TO and DATA as its behaviour says: accept, refuse with a reply,
 * or never answer. Close it at the end of the test.
 */
export async function startSmtpServer(options: SmtpFakeOptions = {}): Promise<FakeSmtpServer> {
  const host = options.host ?? "127.0.0.1";
  const mode = options.tls ?? "none";
  const auth = options.auth;
  let behaviour: SmtpFakeBehaviour = options.behaviour ?? {};
  const messages: SmtpFakeMessage[] = [];
  const received: SmtpFakeMessage[] = [];
  const logins: SmtpFakeLogin[] = [];
  const sockets = new Set<Socket>();
  const connectionByPort = new Map<number, number>();
  const waiters = new Waiters();
  let connectionsOpened = 0;

  /**
   * The accepted sockets still open. Read from `destroyed` rather than from 'close' events:
   * smtp-server removes every listener from a socket it upgrades with STARTTLS.
   */
  const openSockets = (): Socket[] => {
    for (const socket of sockets) if (socket.destroyed) sockets.delete(socket);
    return [...sockets];
  };
  const connectionOf = (session: SMTPServerSession): number => connectionByPort.get(session.remotePort) ?? 0;
  const disabledCommands = [...(mode === "none" ? ["STARTTLS"] : []), ...(auth ? [] : ["AUTH"])];
  const certificate = mode === "none" ? undefined : (options.certificate ?? testCertificate());

  const server = new SMTPServer({
    secure: mode === "tls",
    ...(certificate ? { key: certificate.key, cert: certificate.cert } : {}),
    disabledCommands,
    authOptional: auth === undefined,
    authMethods: [...(auth?.methods ?? ["PLAIN", "LOGIN"])],
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    onConnect(_session, callback) {
      answer(behaviour.connect ?? "accept", callback);
    },
    onAuth(attempt: SMTPServerAuthentication, session, callback) {
      const username = attempt.username ?? "";
      const password = attempt.password ?? "";
      const accepted = auth !== undefined && username === auth.username && password === auth.password;
      logins.push({
        connection: connectionOf(session),
        method: attempt.method,
        username,
        password,
        accepted,
      });
      if (accepted) {
        callback(null, { user: username });
        return;
      }
      callback(
        replyError(
          535,
          auth?.failureMessage?.({ username, password }) ?? "Authentication credentials invalid",
        ),
      );
    },
    onMailFrom(address, _session, callback) {
      answer(behaviour.mailFrom?.(address.address) ?? "accept", callback);
    },
    onRcptTo(address, _session, callback) {
      answer(behaviour.recipient?.(address.address) ?? "accept", callback);
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      readMessage(stream, session, connectionOf(session)).then(
        (message) => {
          received.push(message);
          const reply = behaviour.data?.(message) ?? "accept";
          message.answer = reply;
          if (reply === "accept") {
            messages.push(message);
            waiters.notify();
          }
          answer(reply, callback);
        },
        (error: unknown) =>
          callback(replyError(451, `the fake could not parse the message: ${String(error)}`)),
      );
    },
  });
  server.on("error", () => {});
  server.server.on("connection", (socket: Socket) => {
    connectionsOpened++;
    sockets.add(socket);
    if (socket.remotePort !== undefined) connectionByPort.set(socket.remotePort, connectionsOpened);
    socket.once("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;

  return {
    host,
    port,
    messages,
    received,
    logins,
    get connectionsOpened() {
      return connectionsOpened;
    },
    get openConnections() {
      return openSockets().length;
    },
    setBehaviour(next) {
      behaviour = next;
    },
    async dropConnections() {
      await Promise.all(openSockets().map(destroySocket));
    },
    waitForMessages(count, timeoutMs = 5000) {
      return waiters.until(
        () => (messages.length >= count ? [...messages] : undefined),
        timeoutMs,
        () =>
          `the fake SMTP server at ${host}:${port} accepted ${messages.length} message(s) within ${timeoutMs} ms; expected ${count}`,
      );
    },
    close() {
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all(openSockets().map(destroySocket));
        await stopped;
      })();
      return closed;
    },
  };
}
