/**
 * Why a text is not exactly one plain e-mail address (`local@domain`), or undefined when it
 * is. A rendered MAILTO must pass, so a `{phone}` holding a comma, a space or angle brackets
 * can never add a recipient or a display name.
 */
export function mailAddressProblem(address: string): string | undefined {
  if (address === "") return "comes out empty; it must be one e-mail address such as {phone}@sms.example.net";
  if (separatorPattern.test(address)) {
    return `comes out as ${JSON.stringify(address)}, which is not one plain address: it holds a space, control character, comma, semicolon, colon, quote, bracket or angle bracket`;
  }
  const at = address.indexOf("@");
  if (at <= 0 || at !== address.lastIndexOf("@") || at === address.length - 1) {
    return `comes out as ${JSON.stringify(address)}, which is not an address of the form local@domain`;
  }
  return undefined;
}

/** Characters that separate, quote or decorate addresses, and white space or control characters. */
const separatorPattern = /[\s\p{Cc},;:<>()[\]"\\]/u;
