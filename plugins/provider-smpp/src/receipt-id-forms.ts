/** The longest id read as a number: 64 bits are 20 decimal or 16 hexadecimal digits. */
const largest = (1n << 64n) - 1n;
/** Widths SMSCs pad hexadecimal ids to. */
const hexWidths = [8, 10, 16];

/**
 * Other spellings of a receipt's message id that may be the submit answer's (`submit_sm_resp`)
 * spelling of the same id: SMSCs differ, and some answer the submit with one form and write the
 * receipt with another (Kannel's `msg-id-type` exists for this). For a decimal id: its
 * hexadecimal form in lower and upper case, plain and padded with zeros to 8, 10 and 16 digits;
 * for a hexadecimal one: its decimal form; for either: the same without leading zeros and in the
 * other letter case. Ids that are not numbers (UUIDs, ids with other characters) have none.
 */
export function receiptIdForms(id: string): string[] {
  const forms = new Set<string>();
  if (/^[0-9]{1,20}$/.test(id)) {
    const value = BigInt(id);
    if (value <= largest) {
      const hex = value.toString(16);
      for (const text of [
        hex,
        ...hexWidths.filter((width) => width > hex.length).map((width) => hex.padStart(width, "0")),
      ]) {
        forms.add(text);
        forms.add(text.toUpperCase());
      }
      forms.add(value.toString(10));
    }
  }
  if (/^[0-9a-fA-F]{1,16}$/.test(id)) {
    const value = BigInt(`0x${id}`);
    forms.add(value.toString(10));
    const hex = value.toString(16);
    forms.add(hex);
    forms.add(hex.toUpperCase());
    forms.add(id.toLowerCase());
    forms.add(id.toUpperCase());
  }
  forms.delete(id);
  return [...forms];
}
