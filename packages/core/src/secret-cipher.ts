import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const prefix = "smskit:aes256gcm:v1:";
const nonceLength = 12;
const tagLength = 16;

/** Why a value could not be decrypted. */
export class SecretDecryptionError extends Error {
  override name = "SecretDecryptionError";
}

/**
 * AES-256-GCM encryption of single secret values. Each value gets a fresh random nonce; the
 * owner (gateway or SMTP server name) and the field are bound as associated data, so a value
 * copied to another gateway or field does not decrypt.
 */
export class SecretCipher {
  readonly #key: Buffer;

  /** `key`: 32 bytes. */
  constructor(key: Buffer) {
    if (key.length !== 32) throw new RangeError("the secret key must be 32 bytes");
    this.#key = key;
  }

  /** Whether a stored value is an encrypted envelope. */
  static isEncrypted(value: unknown): value is string {
    return typeof value === "string" && value.startsWith(prefix);
  }

  /** Encrypt a JSON value (a string, usually) into a text envelope. */
  encrypt(value: unknown, owner: string, field: string): string {
    const nonce = randomBytes(nonceLength);
    const cipher = createCipheriv("aes-256-gcm", this.#key, nonce, { authTagLength: tagLength });
    cipher.setAAD(associatedData(owner, field));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
    return `${prefix}${Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]).toString("base64")}`;
  }

  /** Decrypt an envelope; throws `SecretDecryptionError` for a wrong key or a tampered value. */
  decrypt(envelope: string, owner: string, field: string): unknown {
    if (!SecretCipher.isEncrypted(envelope))
      throw new SecretDecryptionError("the stored value is not encrypted");
    const raw = Buffer.from(envelope.slice(prefix.length), "base64");
    if (raw.length < nonceLength + tagLength)
      throw new SecretDecryptionError("the stored value is truncated");
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, raw.subarray(0, nonceLength), {
        authTagLength: tagLength,
      });
      decipher.setAAD(associatedData(owner, field));
      decipher.setAuthTag(raw.subarray(nonceLength, nonceLength + tagLength));
      const plain = Buffer.concat([decipher.update(raw.subarray(nonceLength + tagLength)), decipher.final()]);
      return JSON.parse(plain.toString("utf8"));
    } catch {
      throw new SecretDecryptionError("wrong key, or the stored value was tampered with");
    }
  }
}

function associatedData(owner: string, field: string): Buffer {
  return Buffer.from(`${owner}\u0000${field}`, "utf8");
}
