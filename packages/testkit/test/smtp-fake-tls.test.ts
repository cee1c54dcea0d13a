import { afterEach, describe, expect, it } from "vitest";
import { testCertificate } from "../src/index.js";
import { closeAll, mime, SmtpClient, start, until } from "./smtp-client.js";

afterEach(closeAll);

describe("startSmtpServer over TLS", () => {
  it("offers STARTTLS with the test certificate and marks messages sent after it secure", async () => {
    const server = await start({ tls: "starttls" });
    const client = await SmtpClient.open(server.port);
    expect(await client.command("EHLO client.test")).toContain("STARTTLS");
    expect(await client.command("STARTTLS")).toMatch(/^220/);
    await client.upgrade({ ca: testCertificate().cert, servername: "localhost" });
    await client.command("EHLO client.test");
    await client.deliver("a@example.net", ["b@example.net"], mime);
    const [message] = await server.waitForMessages(1);
    expect(message?.secure).toBe(true);
    expect(server.openConnections).toBe(1);
    await client.command("QUIT");
    await until(() => server.openConnections === 0);
  });

  it("cuts upgraded connections when it closes", async () => {
    const server = await start({ tls: "starttls" });
    const client = await SmtpClient.open(server.port);
    await client.command("EHLO client.test");
    await client.command("STARTTLS");
    await client.upgrade({ ca: testCertificate().cert, servername: "localhost" });
    await client.command("EHLO client.test");
    await server.close();
    expect(server.openConnections).toBe(0);
    await until(() => client.socket.closed);
  });

  it("has a certificate a verifying client refuses unless it trusts it", async () => {
    const server = await start({ tls: "starttls" });
    const client = await SmtpClient.open(server.port);
    await client.command("EHLO client.test");
    await client.command("STARTTLS");
    await expect(client.upgrade({ servername: "localhost" })).rejects.toThrow(/self[- ]signed/i);
  });

  it("speaks implicit TLS from the first byte", async () => {
    const server = await start({ tls: "tls" });
    const client = await SmtpClient.open(server.port, {
      ca: testCertificate().cert,
      servername: "localhost",
    });
    expect(client.greeting).toMatch(/^220 /);
    expect(await client.command("EHLO client.test")).not.toContain("STARTTLS");
    await client.deliver("a@example.net", ["b@example.net"], mime);
    const [message] = await server.waitForMessages(1);
    expect(message?.secure).toBe(true);
    expect(server.openConnections).toBe(1);
    await client.command("QUIT");
    await until(() => server.openConnections === 0);
  });
});
