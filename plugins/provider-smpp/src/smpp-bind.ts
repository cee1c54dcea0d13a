import { isIP } from "node:net";
import smpp from "smpp";
import { describeStatus, statusName } from "./command-status.js";
import { smppError } from "./smpp-errors.js";
import { BoundSession, type SessionSettings, seconds, smscAddress, timeoutMsOf } from "./smpp-session.js";

/** SMPP 3.4: the interface version a bind announces. */
const INTERFACE_VERSION_3_4 = 0x34;

/**
 * Connect to the SMSC and bind as a transmitter. Resolves with the bound session; rejects
 * with `SMSKIT_E_SMPP_CONNECT`, `SMSKIT_E_SMPP_BIND_REFUSED` or `SMSKIT_E_SMPP_TIMEOUT`
 * (connect and bind each within `timeoutMs`). Aborting the signal destroys the connection.
 */
export function openBoundSession(settings: SessionSettings, signal: AbortSignal): Promise<BoundSession> {
  const { parameters } = settings;
  const timeoutMs = timeoutMsOf(parameters);
  const where = `gateway '${settings.gateway}': the SMSC at ${smscAddress(parameters)}${parameters.TLS ? " (TLS)" : ""}`;
  return new Promise<BoundSession>((resolve, reject) => {
    let phase: "connect" | "bind" | "done" = "connect";
    let lastError: Error | undefined;
    const session = smpp.connect({
      host: parameters.SMSC_HOST,
      port: parameters.SMSC_PORT,
      tls: parameters.TLS,
      ...(parameters.TLS && isIP(parameters.SMSC_HOST) === 0 ? { servername: parameters.SMSC_HOST } : {}),
    });
    const fail = (error: Error) => {
      if (phase === "done") return;
      phase = "done";
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      session.socket.destroy();
      reject(error);
    };
    const startTimer = () =>
      setTimeout(() => {
        fail(
          smppError(
            "SMSKIT_E_SMPP_CONNECT_TIMEOUT",
            `${where} did not ${phase === "connect" ? "accept the connection" : "answer the bind"} within ${seconds(timeoutMs)}; check SMSC_HOST, SMSC_PORT${parameters.TLS ? "" : " and TLS"} and the network`,
            { retrySafe: true, details: { phase } },
          ),
        );
      }, timeoutMs);
    let timer = startTimer();
    const onAbort = () => fail(abortError(signal));
    if (signal.aborted) {
      queueMicrotask(onAbort);
    } else {
      signal.addEventListener("abort", onAbort, { once: true });
    }
    session.on("error", (error: Error) => {
      lastError = error;
      if (phase === "connect") {
        fail(
          smppError(
            "SMSKIT_E_SMPP_CONNECT",
            `${where} cannot be reached: ${settings.redact(error.message)}; check SMSC_HOST, SMSC_PORT and TLS`,
            { retrySafe: true, details: { errorCode: (error as NodeJS.ErrnoException).code } },
          ),
        );
      }
    });
    session.on("close", () => {
      const reason = lastError ? `: ${settings.redact(lastError.message)}` : "";
      fail(
        smppError(
          "SMSKIT_E_SMPP_CONNECT",
          `${where} closed the connection ${phase === "bind" ? "before answering the bind" : "while connecting"}${reason}`,
          { retrySafe: true },
        ),
      );
    });
    session.once(parameters.TLS ? "secureConnect" : "connect", () => {
      if (phase !== "connect") return;
      phase = "bind";
      // Submits are small and pipelined: without this, Nagle holds each one back until the previous is acknowledged.
      session.socket.setNoDelay(true);
      clearTimeout(timer);
      timer = startTimer();
      const bind = new smpp.PDU(parameters.REGISTERED_DELIVERY ? "bind_transceiver" : "bind_transmitter", {
        system_id: parameters.SYSTEM_ID,
        password: parameters.PASSWORD ?? "",
        system_type: parameters.SYSTEM_TYPE,
        interface_version: INTERFACE_VERSION_3_4,
        addr_ton: 0,
        addr_npi: 0,
        address_range: "",
      });
      session.send(bind, (response) => {
        if (phase !== "bind") return;
        if (response.command_status !== 0) {
          const status = response.command_status;
          fail(
            smppError(
              "SMSKIT_E_SMPP_BIND_REFUSED",
              `${where} refused the bind as ${parameters.REGISTERED_DELIVERY ? "transceiver" : "transmitter"} with ${describeStatus(status)}; check SYSTEM_ID, PASSWORD and SYSTEM_TYPE`,
              { retrySafe: true, details: { status, statusName: statusName(status) } },
            ),
          );
          return;
        }
        phase = "done";
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        session.removeAllListeners("close");
        session.removeAllListeners("error");
        resolve(new BoundSession(session, settings));
      });
    });
  });
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException("aborted", "AbortError");
}
