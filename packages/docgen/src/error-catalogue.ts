import { cell, code, generatedNote, page, prose, table } from "./markdown.js";

/** What a failed send with this code means for a retry, as its catalogue text states it. */
export interface RetryReading {
  /** `yes`: nothing was sent, a retry cannot duplicate; `no`: the outcome is unknown; `depends`: see the error. */
  readonly retrySafe: "yes" | "no" | "depends";
  /** Whether it is unknown if the message was delivered. */
  readonly deliveryUnknown: boolean;
}

const unknownOutcome = /may or may not have been|not known whether|not known if|unknown whether/i;
const nothingSent =
  /nothing was (sent|delivered|run|saved|written)|nothing reached|nothing was sent again|retry is safe|a retry is safe/i;

/**
 * Read what a code's catalogue text says about the outcome: "… may or may not have been sent" or
 * "not known whether …" is an unknown delivery (no blind retry); "Nothing was sent" (or saved,
 * run, delivered) is safe to retry; anything else depends on the error's own `retrySafe`.
 */
export function readRetry(meaning: string): RetryReading {
  if (unknownOutcome.test(meaning)) return { retrySafe: "no", deliveryUnknown: true };
  if (nothingSent.test(meaning)) return { retrySafe: "yes", deliveryUnknown: false };
  return { retrySafe: "depends", deliveryUnknown: false };
}

/** The words for a `RetryReading` in a table. */
export function retryWords(reading: RetryReading): { retry: string; unknown: string } {
  const retry =
    reading.retrySafe === "yes"
      ? "yes — nothing was sent"
      : reading.retrySafe === "no"
        ? "no — it may have been sent"
        : "see the error's `retrySafe`";
  return { retry, unknown: reading.deliveryUnknown ? "yes" : "no" };
}

/** The paragraph that explains `retrySafe` and `deliveryUnknown`. */
export const retryExplanation = [
  "A failed send is an `SmsError` with two flags. `retrySafe: true` means the message certainly",
  "did not go out (the gateway was not reached, or it refused the message), so sending it again",
  "cannot deliver it twice. `deliveryUnknown: true` means the request may have reached the gateway",
  "(a timeout, a connection lost after sending): the message may or may not arrive, and a blind",
  "retry may deliver it twice — for one-time passwords, send a new code rather than the same one.",
  "The columns below read what each code's description says; \"see the error's `retrySafe`\"",
  "means the flags depend on where it failed, and the error carries them.",
];

/** The error codes of one source (core or a provider package). */
export interface ErrorSource {
  /** A heading, e.g. `@smskit/core` or `@smskit/provider-smpp (provider smpp)`. */
  readonly title: string;
  /** A link for the heading's text (a provider's page), if any. */
  readonly link?: string;
  readonly codes: Readonly<Record<string, string>>;
  /** Whether a code is a failed delivery (every provider code is; core's configuration errors are not). */
  readonly deliveryFailure: (code: string) => boolean;
}

/** Options of `renderErrorCatalogue`. */
export interface ErrorCatalogueOptions {
  readonly sources: readonly ErrorSource[];
  /** The HTTP status the demo app answers with for a code (omit to leave the column out). */
  readonly httpStatus?: (code: string, deliveryFailure: boolean) => number;
  /** What the page was generated from, for its first line. */
  readonly generatedFrom?: string;
}

/** The table rows for a set of error codes: code, meaning, retry safe, delivery unknown (and HTTP status). */
export function errorRows(
  codes: Readonly<Record<string, string>>,
  status?: (code: string) => number,
  deliveryFailure: (code: string) => boolean = () => true,
): string[][] {
  return Object.entries(codes).map(([errorCode, meaning]) => {
    const words = deliveryFailure(errorCode)
      ? retryWords(readRetry(meaning))
      : { retry: "— (not a send)", unknown: "—" };
    const row = [code(errorCode), cell(meaning), cell(words.retry), words.unknown];
    if (status) row.push(String(status(errorCode)));
    return row;
  });
}

/** The error catalogue page: every code of every source with its meaning, retry reading and HTTP status. */
export function renderErrorCatalogue(options: ErrorCatalogueOptions): string {
  const lines = [
    generatedNote(options.generatedFrom ?? "the error catalogues in the code"),
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
      "`{ code, message, … }`): a failed delivery without a status of its own is 502, any other code",
      "without one 500 (answered as `SMSKIT_E_INTERNAL`, details only in the server's log).",
      "",
    );
  }
  const header = ["code", "meaning", "retry safe", "delivery unknown"];
  if (options.httpStatus) header.push("HTTP");
  for (const source of options.sources) {
    if (Object.keys(source.codes).length === 0) continue;
    const title = source.link ? `[${prose(source.title)}](${source.link})` : prose(source.title);
    const status = options.httpStatus;
    lines.push(
      `## ${title}`,
      "",
      ...table(
        header,
        errorRows(
          source.codes,
          status ? (errorCode) => status(errorCode, source.deliveryFailure(errorCode)) : undefined,
          source.deliveryFailure,
        ),
      ),
      "",
    );
  }
  return page(lines);
}
