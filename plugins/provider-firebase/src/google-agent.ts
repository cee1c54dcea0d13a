import { Agent, type RequestOptions } from "node:https";
import { isIP, connect as netConnect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { type ConnectionOptions, connect as tlsConnect } from "node:tls";
import { describeProxy } from "./proxy-url.js";

/** How a `GoogleAgent` reaches Google. */
export interface GoogleAgentOptions {
  /** An http:// or https:// proxy to tunnel every connection through with CONNECT. */
  proxy?: URL | undefined;
  /**
   * Certificates (PEM) to trust instead of Node's bundled CAs, for Google's endpoints and for an
   * https:// proxy — e.g. a company's TLS-inspecting proxy, or a test's fake.
   */
  ca?: string | Buffer | Array<string | Buffer> | undefined;
  /**
   * Where to connect instead of the requested host and port. The TLS name (SNI) and the
   * certificate check stay those of the requested host. With a proxy, the CONNECT target.
   */
  route?: ((host: string, port: number) => { host: string; port: number }) | undefined;
  /** Milliseconds a proxy may take to answer CONNECT; default 10 000. */
  proxyAnswerTimeoutMs?: number | undefined;
}

/** An error of the tunnel through the proxy; its code starts with `EPROXY`. */
export class ProxyTunnelError extends Error {
  readonly code: "EPROXYCONNECT" | "EPROXYREFUSED" | "EPROXYTIMEOUT" | "EPROXYCLOSED";

  constructor(code: ProxyTunnelError["code"], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ProxyTunnelError";
    this.code = code;
  }
}

/** The error a closed agent gives every new request; nothing is retried on it. */
export class AgentClosedError extends Error {
  readonly code = "ESMSKITCLOSED";

  constructor() {
    super("the gateway was closed; no new connections are made");
    this.name = "AgentClosedError";
  }
}

/**
 * The keep-alive HTTPS agent a firebase-admin app uses for Google's token endpoint and FCM:
 * optionally tunnelled through an HTTP(S) proxy with CONNECT (no extra dependency), optionally
 * routed elsewhere while keeping the TLS name. `close()` destroys every socket, pending tunnels
 * included, and refuses new connections, so nothing the SDK still retries outlives the gateway.
 */
export class GoogleAgent extends Agent {
  readonly #proxy: URL | undefined;
  readonly #route: GoogleAgentOptions["route"];
  readonly #ca: ConnectionOptions["ca"];
  readonly #answerTimeoutMs: number;
  readonly #pending = new Set<Socket>();
  #closed = false;

  constructor(options: GoogleAgentOptions = {}) {
    const ca = options.ca;
    super({ keepAlive: true, timeout: 60_000, ...(ca === undefined ? {} : { ca }) });
    this.#proxy = options.proxy;
    this.#route = options.route;
    this.#ca = ca;
    this.#answerTimeoutMs = options.proxyAnswerTimeoutMs ?? 10_000;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  override createConnection(
    options: RequestOptions,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    if (this.#closed) {
      if (!callback) throw new AgentClosedError();
      process.nextTick(() => callback(new AgentClosedError(), undefined as unknown as Duplex));
      return undefined;
    }
    const host = stripBrackets(options.hostname ?? options.host ?? "localhost");
    const port = Number(options.port ?? 443);
    const target = this.#route ? this.#route(host, port) : { host, port };
    const servername = options.servername || (isIP(host) === 0 ? host : undefined);
    const tlsOptions: ConnectionOptions = {
      ALPNProtocols: ["http/1.1"],
      ...(servername === undefined ? {} : { servername }),
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      ...(options.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
    };
    const proxy = this.#proxy;
    if (!proxy) return tlsConnect({ ...tlsOptions, host: target.host, port: target.port });
    this.#tunnel(proxy, target, (error, tunnel) => {
      if (error || !tunnel) {
        callback?.(
          error ?? new ProxyTunnelError("EPROXYCLOSED", "no tunnel"),
          undefined as unknown as Duplex,
        );
        return;
      }
      if (this.#closed) {
        tunnel.destroy();
        callback?.(new AgentClosedError(), undefined as unknown as Duplex);
        return;
      }
      callback?.(null, tlsConnect({ ...tlsOptions, socket: tunnel }));
    });
    return undefined;
  }

  /** Destroy every socket, pending tunnels included, and refuse new connections. */
  close(): void {
    this.#closed = true;
    for (const socket of this.#pending) socket.destroy();
    this.#pending.clear();
    this.destroy();
  }

  /** Open a CONNECT tunnel to `target` through the proxy. */
  #tunnel(
    proxy: URL,
    target: { host: string; port: number },
    done: (error: Error | null, socket?: Socket) => void,
  ): void {
    const secure = proxy.protocol === "https:";
    const proxyHost = stripBrackets(proxy.hostname);
    const proxyPort = Number(proxy.port || (secure ? 443 : 80));
    const shown = describeProxy(proxy);
    const authority = `${isIP(target.host) === 6 ? `[${target.host}]` : target.host}:${target.port}`;
    const socket: Socket = secure
      ? tlsConnect({
          host: proxyHost,
          port: proxyPort,
          ...(isIP(proxyHost) === 0 ? { servername: proxyHost } : {}),
          ...(this.#ca === undefined ? {} : { ca: this.#ca }),
        })
      : netConnect({ host: proxyHost, port: proxyPort });
    this.#pending.add(socket);
    let finished = false;
    let received = Buffer.alloc(0);
    const finish = (error: Error | null) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      this.#pending.delete(socket);
      socket.off("data", onData);
      socket.off("error", onError);
      socket.off("close", onClose);
      if (error) {
        socket.destroy();
        done(error);
      } else {
        done(null, socket);
      }
    };
    const timer = setTimeout(
      () =>
        finish(
          new ProxyTunnelError(
            "EPROXYTIMEOUT",
            `the proxy ${shown} did not answer CONNECT ${authority} within ${this.#answerTimeoutMs} ms`,
          ),
        ),
      this.#answerTimeoutMs,
    );
    const onError = (error: Error) =>
      finish(
        new ProxyTunnelError("EPROXYCONNECT", `cannot connect to the proxy ${shown}: ${error.message}`, {
          cause: error,
        }),
      );
    const onClose = () =>
      finish(
        new ProxyTunnelError(
          "EPROXYCLOSED",
          `the proxy ${shown} closed the connection before answering CONNECT`,
        ),
      );
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf("\r\n\r\n");
      if (end < 0) {
        if (received.length > 16_384)
          finish(
            new ProxyTunnelError("EPROXYREFUSED", `the proxy ${shown} sent an oversized answer to CONNECT`),
          );
        return;
      }
      const statusLine = received.subarray(0, received.indexOf("\r\n")).toString("latin1");
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
      if (status !== 200) {
        const reason =
          status === 407 ? " (proxy authentication required: put user:password@ in httpsproxy)" : "";
        finish(
          new ProxyTunnelError(
            "EPROXYREFUSED",
            `the proxy ${shown} refused the tunnel to ${authority}: ${statusLine.slice(0, 200) || "no status line"}${reason}`,
          ),
        );
        return;
      }
      const rest = received.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      finish(null);
    };
    socket.on("data", onData);
    socket.on("error", onError);
    socket.on("close", onClose);
    socket.once(secure ? "secureConnect" : "connect", () => {
      const credentials =
        proxy.username === ""
          ? ""
          : `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}\r\n`;
      socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${credentials}\r\n`);
    });
  }
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
