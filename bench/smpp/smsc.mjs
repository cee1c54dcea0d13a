// The SMSC for the SMPP benchmark: @smskit/testkit's simulator in its own process, so that it
// does not share the event loop with the client being measured. Answers every submit at once.
// Reports its port to the parent over IPC; on a "reset" message it forgets what it recorded
// and replies with how many messages it had completed and its highest outstanding count.
import { startSmscSimulator } from "@smskit/testkit";

const simulator = await startSmscSimulator({ systemId: "bench", password: "benchpw" });
process.on("message", (message) => {
  if (message === "reset") {
    const report = {
      messages: simulator.messages.length,
      binds: simulator.binds.filter((bind) => bind.status === 0).length,
      maxOutstanding: simulator.maxOutstanding,
    };
    simulator.reset();
    process.send?.(report);
  }
});
process.send?.({ port: simulator.port });
process.on("disconnect", () => {
  void simulator.close().then(() => process.exit(0));
});
