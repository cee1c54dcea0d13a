import { cell, code, generatedNote, page, prose, table } from "./markdown.js";

/**
 * One error code as its definition (`defineSendError` & co. of `@smskit/provider`) states it.
 * Structural, so that any provider's definitions fit without this package depending on them.
 */
export interface ErrorDefinitionView {
  readonly code: string;
  readonly meaning: string;
  /** The HTTP status the demo app answers this error with. */
  readonly status: number;
  /** `send` for a failed send (an `SmsError`); anything else is not a send. */
  readonly kind: string;
  /** For a failed send: whether nothing reached the gateway, so a retry cannot duplicate. */
  readonly retrySafe?: boolean | undefined;
  /** For a failed send: whether it is unknown if the message was delivered. */
  readonly deliveryUnknown?: boolean | undefined;
}

/** The words of a code's retry columns: from its definition, or "see the error" without one. */
export function retryWords(definition: ErrorDefinitionView | undefined): { retry: string; unknown: string } {
  if (definition === undefined) {
    return { retry: "see the error's `retrySafe`", unknown: "see the error's `deliveryUnknown`" };
  }
  if (definition.kind !== "send") return { retry: "— (not a send)", unknown: "—" };
  const retry = definition.retrySafe
    ? "yes — nothing was sent"
    : definition.deliveryUnknown
      ? "no — it may have been sent"
      : "no";
  return { retry, unknown: definition.deliveryUnknown ? "yes" : "no" };
}

/** The paragraph that explains `retrySafe` and `deliveryUnknown`. */
export const retryExplanation = [
  "A failed send is an `SmsError` with two flags. `retrySafe: true` means the message certainly",
  "did not go out (the gateway was not reached, or it refused the message), so sending it again",
  "cannot deliver it twice. `deliveryUnknown: true` means the request may have reached the gateway",
  "(a timeout, a connection lost after sending): the message may or may not arrive, and a blind",
  "retry may deliver it twice — for one-time passwords, send a new code rather than the same one.",
  "The columns below are each code's definition: a code always has the same flags. A code without",
  "a definition (a provider that gives only `errorCodes`) carries its flags on the error itself.",
];

/** The error codes of one source (core, the CLI, the demo app or a provider package). */
export interface ErrorSource {
  /** A heading, e.g. `@smskit/core` or `@smskit/provider-smpp (provider smpp)`. */
  readonly title: string;
  /** A link for the heading's text (a provider's page), if any. */
  readonly link?: string;
  /** The codes with their definitions. */
  readonly definitions?: Readonly<Record<string, ErrorDefinitionView>>;
  /** Codes with only a meaning (a provider's `errorCodes` without definitions). */
  readonly codes?: Readonly<Record<string, string>>;
}

/** Options of `renderErrorCatalogue`. */
export interface ErrorCatalogueOptions {
  readonly sources: readonly ErrorSource[];
  /** Whether to show each definition's HTTP status (the demo app's answer). */
  readonly httpStatus?: boolean;
  /** What the page was generated from, for its first line. */
  readonly generatedFrom?: string;
}

/** Every code of a source, in order: the definitions, then codes with only a meaning. */
export function sourceEntries(
  source: Pick<ErrorSource, "definitions" | "codes">,
): { code: string; meaning: string; definition: ErrorDefinitionView | undefined }[] {
  const entries = Object.values(source.definitions ?? {}).map((definition) => ({
    code: definition.code,
    meaning: definition.meaning,
    definition: definition as ErrorDefinitionView | undefined,
  }));
  const defined = new Set(entries.map((entry) => entry.code));
  for (const [errorCode, meaning] of Object.entries(source.codes ?? {})) {
    if (!defined.has(errorCode)) entries.push({ code: errorCode, meaning, definition: undefined });
  }
  return entries;
}

/** The table rows of a source: code, meaning, retry safe, delivery unknown (and HTTP status). */
export function errorRows(
  source: Pick<ErrorSource, "definitions" | "codes">,
  httpStatus = false,
): string[][] {
  return sourceEntries(source).map(({ code: errorCode, meaning, definition }) => {
    const words = retryWords(definition);
    const row = [code(errorCode), cell(meaning), cell(words.retry), cell(words.unknown)];
    if (httpStatus) row.push(definition ? String(definition.status) : "—");
    return row;
  });
}

/** The error catalogue page: every code of every source with its meaning, retry columns and HTTP status. */
export function renderErrorCatalogue(options: ErrorCatalogueOptions): string {
  const lines = [
    generatedNote(options.generatedFrom ?? "the error definitions in the code"),
    "",
    "# Error codes",
    "",
    "Every error smskit raises carries one of these stable codes (`error.code`); codes never change",
    "meaning, new ones are only added. The CLI prints the code after the message and exits with 1",
    "for a failed delivery and 2 for a usage or configuration error.",
    "",
    ...retryExplanation,
    "",
  ];
  if (options.httpStatus) {
    lines.push(
      'The "HTTP" column is the status the demo app\'s API answers with (the body is',
      "`{ code, message, … }`), from each code's definition: 500 is answered as `SMSKIT_E_INTERNAL`,",
      "details only in the server's log.",
      "",
    );
  }
  const header = ["code", "meaning", "retry safe", "delivery unknown"];
  if (options.httpStatus) header.push("HTTP");
  for (const source of options.sources) {
    const rows = errorRows(source, options.httpStatus ?? false);
    if (rows.length === 0) continue;
    const title = source.link ? `[${prose(source.title)}](${source.link})` : prose(source.title);
    lines.push(`## ${title}`, "", ...table(header, rows), "");
  }
  return page(lines);
}
