import { censorEmbedded, hasEmbeddedSecret } from "./embedded-secrets.js";
import { coreErrors } from "./errors.js";
import type { GatewayDefinition } from "./gateway-definition.js";
import { SecretCipher, SecretDecryptionError } from "./secret-cipher.js";
import { CENSORED, type DefinitionSections, mapSecrets, type SecretSelection } from "./secrets.js";
import { type SmtpServerDefinition, smtpSecretFields } from "./smtp-server.js";
import type { SmtpServerRecord } from "./store/gateway-store.js";

const everything: SecretSelection = { parameter: () => true, option: () => true, header: () => true };

/** Encrypts secrets before they reach a store and decrypts them after; censors them for display. */
export class DefinitionSecrets {
  #key: Buffer | (() => Buffer);
  #cipherOfKey: SecretCipher | undefined;
  readonly #keyDescription: string;

  /**
   * `key`, or a function that gives it when first needed; `keyDescription` says where the key
   * came from, for error messages ("SMSKIT_SECRET_KEY", a file path).
   */
  constructor(key: Buffer | (() => Buffer), keyDescription: string) {
    this.#key = key;
    this.#keyDescription = keyDescription;
  }

  get #cipher(): SecretCipher {
    if (!this.#cipherOfKey) {
      this.#cipherOfKey = new SecretCipher(typeof this.#key === "function" ? this.#key() : this.#key);
    }
    return this.#cipherOfKey;
  }

  /** Use another key from now on (after a rotation). */
  replaceKey(key: Buffer): void {
    this.#key = key;
    this.#cipherOfKey = new SecretCipher(key);
  }

  /** A cipher for a key other than the current one (for rotation). */
  static cipherFor(key: Buffer): SecretCipher {
    return new SecretCipher(key);
  }

  /**
   * Encrypt every secret of a gateway record that is not encrypted yet; a parameter holding a
   * secret inside it (a URL's `user:password@`, secret-named keys of PARAMETER) is encrypted whole.
   */
  encryptGateway<T extends DefinitionSections & { name: string }>(
    record: T,
    selection: SecretSelection,
    cipher?: SecretCipher,
  ): T {
    const withEmbedded: SecretSelection = {
      ...selection,
      parameter: (key) => selection.parameter(key) || hasEmbeddedSecret(record.parameters[key]),
    };
    return mapSecrets(record, withEmbedded, (value, field) =>
      SecretCipher.isEncrypted(value) || value === ""
        ? value
        : (cipher ?? this.#cipher).encrypt(value, `gateway:${record.name}`, field),
    );
  }

  /** Decrypt every encrypted value of a stored gateway; a failure names the gateway and the key in use. */
  decryptGateway<T extends DefinitionSections & { name: string }>(definition: T): T {
    return mapSecrets(definition, everything, (value, field) =>
      SecretCipher.isEncrypted(value) ? this.#decrypt(value, "gateway", definition.name, field) : value,
    );
  }

  /**
   * A gateway with every secret (selected, or stored encrypted) shown as `__CENSORED__`; a
   * parameter with a secret inside shows only that part censored (`http://user:__CENSORED__@host`).
   */
  censorGateway(definition: GatewayDefinition, selection: SecretSelection): GatewayDefinition {
    const parameters: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(definition.parameters)) {
      parameters[key] = selection.parameter(key)
        ? CENSORED
        : this.#censorParameter(definition.name, key, value);
    }
    const censorAll: SecretSelection = {
      parameter: () => false,
      option: (key) => selection.option(key) || SecretCipher.isEncrypted(definition.options[key]),
      header: (key) => selection.header(key) || SecretCipher.isEncrypted(definition.headers[key]),
    };
    return mapSecrets({ ...definition, parameters }, censorAll, () => CENSORED);
  }

  #censorParameter(gateway: string, key: string, value: unknown): unknown {
    if (!SecretCipher.isEncrypted(value)) return censorEmbedded(value);
    try {
      const plain = this.#cipher.decrypt(value, `gateway:${gateway}`, key);
      return hasEmbeddedSecret(plain) ? censorEmbedded(plain) : CENSORED;
    } catch {
      return CENSORED;
    }
  }

  encryptSmtpServer<T extends SmtpServerRecord>(record: T, cipher?: SecretCipher): T {
    const encrypted: Record<string, unknown> = { ...record };
    for (const field of smtpSecretFields) {
      const value = encrypted[field];
      if (typeof value === "string" && value !== "" && !SecretCipher.isEncrypted(value)) {
        encrypted[field] = (cipher ?? this.#cipher).encrypt(value, `smtp:${record.name}`, field);
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
      throw coreErrors.SMSKIT_E_SECRET_DECRYPT.create(
        {
          kind,
          name,
          field,
          keySource: this.#keyDescription,
          reason: error.message,
          fix: "use the key the store was written with, or write the secret again",
        },
        { gateway: kind === "gateway" ? name : undefined },
      );
    }
  }
}
