import { coreErrors } from "./errors.js";
import type { GatewayCatalog } from "./gateway-catalog.js";
import type { TransferContext } from "./gateway-prepare.js";
import type { ProviderInstanceCache } from "./instance-cache.js";
import type { SmtpServerDefinition, SmtpServerInput } from "./smtp-server.js";
import { checkSmtpServer, smtpServerInvalid } from "./smtp-server-validation.js";

/** What the SMTP server catalog works with. */
export interface SmtpServerCatalogParts {
  readonly transfer: TransferContext;
  readonly instances: ProviderInstanceCache;
  readonly gateways: GatewayCatalog;
}

/** Central SMTP server definitions; gateways of the smtp provider name one, and pick up its changes. */
export class SmtpServerCatalog {
  readonly #parts: SmtpServerCatalogParts;

  constructor(parts: SmtpServerCatalogParts) {
    this.#parts = parts;
  }

  /** See `Smskit.saveSmtpServer`. */
  async save(input: SmtpServerInput, options: { expectedRevision?: number }): Promise<SmtpServerDefinition> {
    const { store, secrets } = this.#parts.transfer;
    const storedRaw = typeof input.name === "string" ? await store.getSmtpServer(input.name) : undefined;
    const stored = storedRaw && secrets.decryptSmtpServer(storedRaw);
    const { record, issues } = checkSmtpServer(input, stored?.password);
    if (!record) throw smtpServerInvalid(String(input.name), issues);
    const saved = await store.putSmtpServer(secrets.encryptSmtpServer(record), options);
    this.#parts.instances.retireUsersOfSmtpServer(saved.name);
    return secrets.censorSmtpServer(saved);
  }

  /** See `Smskit.getSmtpServer`. */
  async get(name: string): Promise<SmtpServerDefinition | undefined> {
    const stored = await this.#parts.transfer.store.getSmtpServer(name);
    return stored && this.#parts.transfer.secrets.censorSmtpServer(stored);
  }

  /** See `Smskit.listSmtpServers`. */
  async list(): Promise<SmtpServerDefinition[]> {
    const { store, secrets } = this.#parts.transfer;
    return (await store.listSmtpServers()).map((server) => secrets.censorSmtpServer(server));
  }

  /** See `Smskit.deleteSmtpServer`. */
  async delete(name: string): Promise<boolean> {
    const users = await this.#parts.gateways.usersOfSmtpServer(name);
    if (users.length > 0) {
      throw coreErrors.SMSKIT_E_SMTP_SERVER_IN_USE.create({
        name,
        users: `gateway${users.length > 1 ? "s" : ""} ${users.map((user) => `'${user}'`).join(", ")}; point ${users.length > 1 ? "them" : "it"} at another server or delete ${users.length > 1 ? "them" : "it"} first`,
      });
    }
    const deleted = await this.#parts.transfer.store.deleteSmtpServer(name);
    this.#parts.instances.retireUsersOfSmtpServer(name);
    return deleted;
  }
}
