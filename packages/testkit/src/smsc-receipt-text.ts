/** The standard text form of a receipt: `id:… sub:001 dlvrd:001 submit date:… done date:… stat:… err:… text:…`. */
export function receiptText(
  messageId: string,
  stat: string,
  extra: { text?: string; err?: string } = {},
): string {
  const date = "2612021304";
  return `id:${messageId} sub:001 dlvrd:${stat === "DELIVRD" ? "001" : "000"} submit date:${date} done date:${date} stat:${stat} err:${extra.err ?? "000"} text:${extra.text ?? ""}`;
}
