import { ConfigurationError } from "./errors.js";
import type { GatewayDefinition } from "./gateway-definition.js";
import { SecretCipher, SecretDecryptionError } from "./secret-cipher.js";
import { CENSORED, type DefinitionSections, mapSecrets, type SecretSelection } from "./secrets.js";
import { type SmtpServerDefinition, smtpSecretFields } from "./smtp-server.js";
import type { SmtpServerRecord } from "./store/gateway-store.js";

const everything: SecretSelection = { parameter: () => true, option: () => true, header: () => true };

/** Encrypts secrets before they reach a store and decrypts them after; censors them for display. */
export class DefinitionSecrets {
  #cipher: SecretCipher;
  readonly #keyDescription: string;

  /** `keyDescription` says where the key came from, for error messages ("SMSKIT_SECRET_KEY", a file path). */
  constructor(key: Buffer, keyDescription: string) {
    this.#cipher = new SecretCipher(key);
    this.#keyDescription = keyDescription;
  }

  /** Use another key from now on (after a rotation). */
  replaceKey(key: Buffer): void {
    this.#cipher = new SecretCipher(key);
  }

  /** A cipher for a key other than the current one (for rotation). */
  static cipherFor(key: Buffer): SecretCipher {
    return new SecretCipher(key);
  }

  /** Encrypt every secret of a gateway record that is not encrypted yet. */
  encryptGateway<T extends DefinitionSections & { name: string }>(
    record: T,
    selection: SecretSelection,
    cipher = this.#cipher,
  ): T {
    return mapSecrets(record, selection, (value, field) =>
      SecretCipher.isEncrypted(value) || value === ""
        ? value
        : cipher.encrypt(value, `gateway:${record.name}`, field),
    );
  }

  /** Decrypt every encrypted value of a stored gateway; a failure names the gateway and the key in use. */
  decryptGateway<T extends DefinitionSections & { name: string }>(definition: T): T {
    return mapSecrets(definition, everything, (value, field) =>
      SecretCipher.isEncrypted(value) ? this.#decrypt(value, "gateway", definition.name, field) : value,
    );
  }

  /** A gateway with every secret (selected, or stored encrypted) shown as `__CENSORED__`. */
  censorGateway(definition: GatewayDefinition, selection: SecretSelection): GatewayDefinition {
    const censorAll: SecretSelection = {
      parameter: (key) => selection.parameter(key) || SecretCipher.isEncrypted(definition.parameters[key]),
      option: (key) => selection.option(key) || SecretCipher.isEncrypted(definition.options[key]),
      header: (key) => selection.header(key) || SecretCipher.isEncrypted(definition.headers[key]),
    };
    return mapSecrets(definition, censorAll, () => CENSORED);
  }

  encryptSmtpServer<T extends SmtpServerRecord>(record: T, cipher = this.#cipher): T {
    const encrypted: Record<string, unknown> = { ...record };
    for (const field of smtpSecretFields) {
      const value = encrypted[field];
      if (typeof value === "string" && value !== "" && !SecretCipher.isEncrypted(value)) {
        encrypted[field] = cipher.encrypt(value, `smtp:${record.name}`, field);
      }
    }
    return encrypted as T;
  }

  decryptSmtpServer<T extends SmtpServerRecord>(definition: T): T {
    const decrypted: Record<string, unknown> = { ...definition };
    for (const field of smtpSecretFields) {
      const value = decrypted[field];
      if (SecretCipher.isEncrypted(value))
        decrypted[field] = this.#decrypt(value, "SMTP server", definition.name, field);
    }
    return decrypted as T;
  }

  censorSmtpServer(definition: SmtpServerDefinition): SmtpServerDefinition {
    return { ...definition, password: definition.password === "" ? "" : CENSORED };
  }

  #decrypt(envelope: string, kind: string, name: string, field: string): unknown {
    const owner = `${kind === "gateway" ? "gateway" : "smtp"}:${name}`;
    try {
      return this.#cipher.decrypt(envelope, owner, field);
    } catch (error) {
      if (!(error instanceof SecretDecryptionError)) throw error;
      throw new ConfigurationError(
        "SMSKIT_E_SECRET_DECRYPT",
        `${kind} '${name}': the secret ${field} cannot be decrypted with the key from ${this.#keyDescription}: ${error.message}; use the key the store was written with, or write the secret again`,
        { gateway: kind === "gateway" ? name : undefined },
      );
    }
  }
}
