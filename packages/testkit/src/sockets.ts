import type { Socket } from "node:net";

/** Destroy a socket and resolve once it is closed. Internal to the testkit. */
export function destroySocket(socket: Socket): Promise<void> {
  if (socket.closed) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once("close", () => resolve());
    socket.destroy();
  });
}
