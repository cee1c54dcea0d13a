import { type AddressObject, simpleParser } from "mailparser";
import type { SMTPServerDataStream, SMTPServerSession } from "smtp-server";
import type { SmtpFakeAnswer, SmtpFakeMessage } from "./smtp-fake-types.js";

/** Call an smtp-server callback as the answer says; "hang" never calls it. */
export function answer(reply: SmtpFakeAnswer, callback: (error?: Error | null) => void): void {
  if (reply === "hang") return;
  if (reply === "accept") callback();
  else callback(replyError(reply.code, reply.message));
}

/** An error smtp-server turns into the reply `<code> <message>`. */
export function replyError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Read the DATA stream to its end and parse the message. */
export async function readMessage(
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  connection: number,
): Promise<SmtpFakeMessage> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  const user: unknown = session.user;
  const mailFrom = session.envelope.mailFrom;
  return {
    connection,
    secure: session.secure,
    username: typeof user === "string" ? user : undefined,
    mailFrom: mailFrom ? mailFrom.address : "",
    recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
    from: addressText(parsed.from),
    to: addressText(parsed.to),
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : undefined,
    headers: parsed.headers,
    attachments: parsed.attachments.length,
    raw,
    answer: undefined,
  };
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return "";
  return (Array.isArray(value) ? value : [value]).map((address) => address.text).join(", ");
}
