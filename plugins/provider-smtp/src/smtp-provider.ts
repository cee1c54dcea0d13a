import {
  coreErrors,
  type DeliveryReceipt,
  type OutgoingMessage,
  type ProviderCallOptions,
  type ProviderContext,
  type ProviderInstance,
} from "@smskit/provider";
import type Mail from "nodemailer/lib/mailer/index.js";
import type { SmtpParameters } from "./index.js";
import { mailAddressProblem } from "./mail-address.js";
import { smtpErrors } from "./smtp-error-codes.js";
import { smtpFailure } from "./smtp-errors.js";
import { isDroppedFromQueue, type SentMessage, SmtpPool } from "./smtp-pool.js";
import { type SmtpServerDefinition, smtpServerResource } from "./smtp-server-resource.js";

/**
 * Create the instance for one gateway revision: look its SMTP server definition up (so core
 * recreates the instance when that definition changes). Nothing connects before the first send.
 */
export async function createSmtpInstance(
  parameters: SmtpParameters,
  context: ProviderContext,
): Promise<ProviderInstance> {
  const name = parameters.SMTPIDENTIFIER;
  const server = await context.resources.get<SmtpServerDefinition>(smtpServerResource, name);
  if (!server) {
    throw coreErrors.SMSKIT_E_SMTP_SERVER_NOT_FOUND.create(
      {
        server: `gateway '${context.gateway}': the SMTP server '${name}'`,
        hint: `; define it with 'smskit smtp set ${name} --host … --sender …' or point SMTPIDENTIFIER at another one`,
      },
      { gateway: context.gateway },
    );
  }
  return new SmtpGateway(parameters, server, context);
}

/** One gateway revision: renders each message into a mail and sends it over the pool. */
class SmtpGateway implements ProviderInstance {
  readonly #parameters: SmtpParameters;
  readonly #server: SmtpServerDefinition;
  readonly #context: ProviderContext;
  readonly #redact: (text: string) => string;
  /** The pool new messages go to; replaced when an abort retires it. */
  #pool: SmtpPool | undefined;
  /** Every pool that may still hold sockets. */
  readonly #pools = new Set<SmtpPool>();

  constructor(parameters: SmtpParameters, server: SmtpServerDefinition, context: ProviderContext) {
    this.#parameters = parameters;
    this.#server = server;
    this.#context = context;
    this.#redact =
      server.password === ""
        ? context.redact
        : context.redactWith([server.password, `\u0000${server.username}\u0000${server.password}`]);
  }

  async send(message: OutgoingMessage, options: ProviderCallOptions): Promise<DeliveryReceipt> {
    const recipient = message.render(this.#parameters.MAILTO);
    const problem = mailAddressProblem(recipient);
    if (problem !== undefined) {
      throw smtpErrors.SMSKIT_E_SMTP_RECIPIENT_INVALID.create(
        { gateway: this.#context.gateway, problem },
        { gateway: this.#context.gateway },
      );
    }
    const mail: Mail.Options = {
      from: { name: "", address: this.#server.sender },
      to: [{ name: "", address: recipient }],
      subject: message.render(this.#parameters.SUBJECT).replace(lineBreaks, " "),
      text: message.render(this.#parameters.BODY),
      disableFileAccess: true,
      disableUrlAccess: true,
    };
    for (let attempt = 1; ; attempt++) {
      const pool = this.#currentPool();
      try {
        return this.#receipt(await pool.send(mail, options.signal), recipient);
      } catch (error) {
        if (options.signal.aborted) throw error;
        // Another send's abort retired the pool while this message still waited in its queue:
        // it never reached the server, so it goes to the fresh pool once.
        if (attempt === 1 && isDroppedFromQueue(error)) continue;
        throw smtpFailure(error, this.#scene(recipient));
      }
    }
  }

  async check(options: ProviderCallOptions): Promise<void> {
    try {
      await this.#currentPool().verify(options.signal);
    } catch (error) {
      if (options.signal.aborted) throw error;
      throw smtpFailure(error, this.#scene(undefined));
    }
  }

  async close(): Promise<void> {
    const pools = [...this.#pools];
    this.#pools.clear();
    this.#pool = undefined;
    await Promise.all(pools.map((pool) => pool.close()));
  }

  #currentPool(): SmtpPool {
    if (this.#pool && !this.#pool.retired) return this.#pool;
    for (const pool of this.#pools) if (pool.retired && pool.openSockets === 0) this.#pools.delete(pool);
    const pool = new SmtpPool(this.#server);
    this.#pool = pool;
    this.#pools.add(pool);
    this.#context.logger.debug("SMTP connection pool created", {
      smtpServer: this.#server.name,
      host: this.#server.host,
      port: this.#server.port,
      tls: this.#server.tls,
    });
    return pool;
  }

  #receipt(sent: SentMessage, recipient: string): DeliveryReceipt {
    return {
      messageId: sent.messageId.replace(/^<|>$/g, ""),
      details: { smtpServer: this.#server.name, mailTo: recipient, reply: this.#redact(sent.response) },
    };
  }

  #scene(recipient: string | undefined) {
    return {
      gateway: this.#context.gateway,
      server: this.#server,
      redact: this.#redact,
      ...(recipient === undefined ? {} : { recipient }),
    };
  }
}

/** A subject is one line: CR LF, CR and LF each become a space. */
const lineBreaks = /\r\n|[\r\n]/g;
