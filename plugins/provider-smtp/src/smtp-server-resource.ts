/** The resource kind under which core hands out central SMTP server definitions. */
export const smtpServerResource = "smtp-server";

/**
 * What this provider reads from a central SMTP server definition (`smskit smtp set`), looked up
 * with `context.resources.get("smtp-server", SMTPIDENTIFIER)`; secrets come decrypted.
 */
export interface SmtpServerDefinition {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** none: plain SMTP; starttls: upgrade with STARTTLS (required); tls: implicit TLS. */
  readonly tls: "none" | "starttls" | "tls";
  readonly verifyTls: boolean;
  readonly username: string;
  /** Secret; core censors it in everything this gateway reports. */
  readonly password: string;
  readonly sender: string;
  /** Seconds for connecting and for each answer. */
  readonly timeout: number;
}
