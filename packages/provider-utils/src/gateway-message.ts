/** The start of every message a provider raises: `gateway 'otp': `. */
export function gatewayPrefix(gateway: string): string {
  return `gateway '${gateway}': `;
}

/** A message naming the gateway: `gateway 'otp': <text>`. */
export function gatewayMessage(gateway: string, text: string): string {
  return `${gatewayPrefix(gateway)}${text}`;
}
