import { Agent, type AgentOptions, type RequestOptions } from "node:https";
import { connect as connectTls, type TLSSocket } from "node:tls";

/** Connects every request to one address, keeping the requested host for SNI and the certificate check. */
export class RedirectingAgent extends Agent {
  readonly #host: string;
  readonly #port: number;

  constructor(options: AgentOptions, host: string, port: number) {
    super(options);
    this.#host = host;
    this.#port = port;
  }

  override createConnection(options: RequestOptions): TLSSocket {
    const requested = options.hostname ?? options.host ?? "localhost";
    const { ca, cert, key, rejectUnauthorized } = options;
    return connectTls({
      ca,
      cert,
      key,
      rejectUnauthorized,
      ALPNProtocols: ["http/1.1"],
      host: this.#host,
      port: this.#port,
      servername: options.servername || requested,
    });
  }
}
