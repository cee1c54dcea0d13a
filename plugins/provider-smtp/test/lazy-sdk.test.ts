import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { closedPort, packagesLoaded } from "@smskit/testkit";
import { expect, it } from "vitest";

const entry = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "index.js");

it("importing the manifest loads no nodemailer; the first instance does", async () => {
  const port = await closedPort();
  const loaded = await packagesLoaded(entry, ["nodemailer"], {
    smtpServers: [{ name: "relay", host: "127.0.0.1", port, sender: "smskit@example.com" }],
    gateway: {
      parameters: { SMTPIDENTIFIER: "relay", MAILTO: "{phone}@sms.example.com" },
      recipient: "+4915112345678",
    },
  });
  expect(loaded.onImport).toEqual([]);
  expect(loaded.everyPackageOnImport.filter((name) => !name.startsWith("@smskit/"))).toEqual([]);
  expect(loaded.afterCreate).toEqual(["nodemailer"]);
});
