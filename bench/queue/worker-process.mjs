// One worker process of the queue benchmark: works with the given concurrency until the parent
// says `stop`, then reports its counts and exits.
import { openApp } from "./queue-app.mjs";

const { database, storeFile, concurrency } = JSON.parse(process.argv[2]);
const smskit = await openApp({ database, storeFile });
const worker = smskit.work({ concurrency, pollIntervalMs: 20 });
process.send({ ready: true });
process.on("message", async (message) => {
  if (message !== "stop") return;
  await worker.stop();
  process.send({ counts: worker.counts });
  await smskit.close();
  process.exit(0);
});
