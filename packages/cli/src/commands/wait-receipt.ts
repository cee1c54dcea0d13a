import { isFinalStatus, type MessageStatus, type Smskit } from "@smskit/core";

/** How often the store is read while waiting (a receipt may reach another process sharing it). */
const pollIntervalMs = 250;

/**
 * Wait until the message reaches a final status or `timeoutMs` passes; resolves with the last
 * status seen. Listens for this process's status events and reads the store meanwhile, so a
 * receipt taken by another process sharing the store (the demo server) counts too.
 */
export function waitForFinalStatus(smskit: Smskit, id: string, timeoutMs: number): Promise<MessageStatus> {
  return new Promise((resolve) => {
    let last: MessageStatus = "submitted";
    let done = false;
    const finish = (status: MessageStatus) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearInterval(poll);
      smskit.off("status", listener);
      resolve(status);
    };
    const seen = (status: MessageStatus | undefined) => {
      if (status === undefined) return;
      last = status;
      if (isFinalStatus(status)) finish(status);
    };
    const listener = (event: { id: string; status: MessageStatus }) => {
      if (event.id === id) seen(event.status);
    };
    smskit.on("status", listener);
    const deadline = setTimeout(() => finish(last), timeoutMs);
    const poll = setInterval(() => {
      smskit.status(id).then(
        (record) => seen(record?.status),
        () => {},
      );
    }, pollIntervalMs);
    smskit.status(id).then(
      (record) => seen(record?.status),
      () => {},
    );
  });
}
