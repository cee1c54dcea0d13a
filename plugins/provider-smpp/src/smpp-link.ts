import { SmsError, untilAborted } from "@smskit/provider";
import { describeStatus, isThrottling, statusName } from "./command-status.js";
import { openBoundSession } from "./smpp-bind.js";
import { NotSentError, smppErrors } from "./smpp-errors.js";
import type { BoundSession, SessionSettings } from "./smpp-session.js";
import { SubmitEncoder, type SubmitTemplate, type SubmitVariable } from "./submit-pdu.js";
import { SubmitWindow, sleep } from "./submit-window.js";

/** The session settings and the submit_sm fields every message shares; WINDOW is the window. */
export interface LinkSettings extends SessionSettings {
  readonly submit: SubmitTemplate;
}

/** First reconnect delay after a failure; doubles per consecutive failure up to `maxReconnectDelayMs`. */
const reconnectBaseMs = 100;
/** First hold-off after a refused bind (sends meanwhile fail at once with the refusal). */
const refusedBindBaseMs = 1_000;
const maxReconnectDelayMs = 30_000;
/** First pause after a throttling answer; doubles per consecutive throttling answer up to `maxThrottleMs`. */
const throttleBaseMs = 100;
const maxThrottleMs = 5_000;

/**
 * One gateway's link to its SMSC: a single transmitter session opened at the first submit and
 * shared by all, at most `window` submits in flight, throttling answers slowing every sender
 * down, and after a drop a reconnect in the background with exponential backoff.
 */
export class SmppLink {
  readonly #settings: LinkSettings;
  readonly #window: SubmitWindow;
  readonly #encoder: SubmitEncoder;
  readonly #closing = new AbortController();
  #session: BoundSession | undefined;
  #attempt: Promise<BoundSession> | undefined;
  /** Consecutive connection problems (failed attempts and drops); reset by an answered request. */
  #failures = 0;
  #nextAttemptAt = 0;
  #lastFailure: SmsError | undefined;
  /** Whether a dropped session is being re-established without waiting for a send. */
  #reconnecting = false;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #pauseUntil = 0;
  #throttleStreak = 0;
  #reference = Math.floor(Math.random() * 256);
  #binds = 0;
  #closed = false;

  constructor(settings: LinkSettings) {
    this.#settings = settings;
    this.#window = new SubmitWindow(settings.parameters.WINDOW);
    this.#encoder = new SubmitEncoder(settings.submit);
  }

  /** How many times this link has bound (1 while the first session lasts). */
  get binds(): number {
    return this.#binds;
  }

  /** The next concatenation reference number (0–255). */
  nextReference(): number {
    this.#reference = (this.#reference + 1) & 0xff;
    return this.#reference;
  }

  /**
   * Submit one `short_message` and resolve with the SMSC's message id. Waits for the session
   * and a window slot; retries throttling answers after a pause; rejects with the provider's
   * `SmsError`s otherwise.
   */
  async submit(message: SubmitVariable, signal: AbortSignal): Promise<string> {
    for (;;) {
      if (this.#pauseUntil > Date.now()) await sleep(this.#pauseUntil - Date.now(), signal);
      const release = await this.#window.acquire(signal);
      let status: number;
      let messageId: string | undefined;
      try {
        const current = this.#session;
        const session = current?.alive ? current : await this.#bound(signal);
        ({ status, messageId } = await session.request(this.#encoder.pdu(message)));
      } catch (error) {
        if (error instanceof NotSentError) continue;
        throw error;
      } finally {
        release();
      }
      this.#failures = 0;
      if (status === 0) {
        this.#throttleStreak = 0;
        return messageId ?? "";
      }
      if (isThrottling(status)) {
        this.#throttled();
        this.#settings.logger.debug("the SMSC throttled a submit; pausing", {
          status: statusName(status),
          pauseMs: Math.max(0, this.#pauseUntil - Date.now()),
        });
        continue;
      }
      // Refused means not accepted: sending again cannot deliver this part twice.
      throw smppErrors.SMSKIT_E_SMPP_SUBMIT_REFUSED.create(
        { gateway: this.#settings.gateway, status: describeStatus(status) },
        { provider: "smpp", details: { status, statusName: statusName(status) } },
      );
    }
  }

  /** Unbind and close the session, stop reconnecting; later submits fail with SMSKIT_E_SMPP_CLOSED. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#reconnecting = false;
    clearTimeout(this.#reconnectTimer);
    this.#closing.abort(this.#closedError());
    const attempt = this.#attempt?.catch(() => undefined);
    const session = this.#session ?? (await attempt);
    this.#session = undefined;
    await session?.close();
  }

  /** The bound session, connecting (or waiting for the connection in progress) when there is none. */
  async #bound(signal: AbortSignal): Promise<BoundSession> {
    for (;;) {
      if (this.#closed) throw this.#closedError();
      if (this.#session?.alive) return this.#session;
      if (this.#attempt) {
        await untilAborted(this.#attempt, signal);
        continue;
      }
      const wait = this.#nextAttemptAt - Date.now();
      if (wait > 0) {
        // After a failed attempt, fail fast until the next one is due; after a drop, wait for it.
        if (this.#lastFailure) throw this.#stillFailing(this.#lastFailure, wait);
        await sleep(wait, signal);
        continue;
      }
      await untilAborted(this.#startAttempt(), signal);
    }
  }

  #startAttempt(): Promise<BoundSession> {
    const attempt = openBoundSession(this.#settings, this.#closing.signal).then(
      (session) => {
        this.#attempt = undefined;
        this.#binds++;
        this.#lastFailure = undefined;
        this.#reconnecting = false;
        this.#session = session;
        session.onDrop((reason) => this.#dropped(session, reason));
        return session;
      },
      (error: unknown) => {
        this.#attempt = undefined;
        if (this.#closed) throw this.#closedError();
        this.#failures++;
        const failure =
          error instanceof SmsError
            ? error
            : smppErrors.SMSKIT_E_SMPP_CONNECT.create(
                {
                  where: `gateway '${this.#settings.gateway}':`,
                  failure: `connecting to the SMSC failed: ${this.#settings.redact(String(error))}`,
                },
                { provider: "smpp", cause: error },
              );
        this.#lastFailure = failure;
        const refused = failure.code === "SMSKIT_E_SMPP_BIND_REFUSED";
        // A refused bind is a configuration problem: hold off longer, and stop reconnecting on our own.
        this.#nextAttemptAt =
          Date.now() + backoff(this.#failures, refused ? refusedBindBaseMs : reconnectBaseMs);
        if (refused) this.#reconnecting = false;
        if (this.#reconnecting) {
          this.#settings.logger.warn("reconnecting to the SMSC failed; trying again", {
            code: failure.code,
            error: failure.message,
            retryInMs: backoff(this.#failures),
          });
          this.#scheduleReconnect(backoff(this.#failures));
        }
        throw failure;
      },
    );
    attempt.catch(() => {});
    this.#attempt = attempt;
    return attempt;
  }

  #dropped(session: BoundSession, reason: string): void {
    if (this.#session === session) this.#session = undefined;
    if (this.#closed) return;
    const delay = backoff(this.#failures);
    this.#failures++;
    this.#nextAttemptAt = Date.now() + delay;
    this.#settings.logger.warn("the SMSC connection was lost; reconnecting", { reason, retryInMs: delay });
    this.#reconnecting = true;
    this.#lastFailure = undefined;
    this.#scheduleReconnect(delay);
  }

  #scheduleReconnect(delay: number): void {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => {
      if (this.#closed || !this.#reconnecting || this.#attempt || this.#session?.alive) return;
      this.#startAttempt();
    }, delay);
    this.#reconnectTimer.unref();
  }

  #throttled(): void {
    const now = Date.now();
    if (now < this.#pauseUntil) return;
    this.#throttleStreak++;
    this.#pauseUntil = now + Math.min(maxThrottleMs, throttleBaseMs * 2 ** (this.#throttleStreak - 1));
  }

  #stillFailing(failure: SmsError, waitMs: number): SmsError {
    return new SmsError(
      failure.code,
      `${failure.message} (the last attempt failed; the next one is allowed in ${Math.ceil(waitMs / 100) / 10} s)`,
      { provider: "smpp", retrySafe: failure.retrySafe, details: { ...failure.details }, cause: failure },
    );
  }

  #closedError(): SmsError {
    return smppErrors.SMSKIT_E_SMPP_CLOSED.create({ gateway: this.#settings.gateway }, { provider: "smpp" });
  }
}

/** The delay before the next connection attempt after `failures` consecutive problems (0 → at once). */
function backoff(failures: number, baseMs = reconnectBaseMs): number {
  return failures <= 0 ? 0 : Math.min(maxReconnectDelayMs, baseMs * 2 ** (failures - 1));
}
