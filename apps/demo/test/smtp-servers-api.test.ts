// Central SMTP servers: CRUD with the password censored, 409 while a gateway uses one, the form's schema.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo } from "./support/demo-app.js";

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  await demo.close();
});

describe("SMTP servers", () => {
  it("saves, lists, reads with the password censored, keeps it on __CENSORED__, refuses invalid ones and deletes", async () => {
    const saved = await demo.request("PUT", "/api/smtp-servers/mail", {
      body: {
        host: "127.0.0.1",
        port: 2525,
        sender: "sms@example.com",
        username: "u",
        password: "mail-pass",
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ name: "mail", port: 2525, password: "__CENSORED__", revision: 1 });
    expect((await demo.request("GET", "/api/smtp-servers/mail")).json).toEqual(saved.json);
    const list = await demo.request("GET", "/api/smtp-servers");
    expect(list.json.map((server: { name: string }) => server.name)).toEqual(["mail"]);
    expect(list.text).not.toContain("mail-pass");

    const resaved = await demo.request("PUT", "/api/smtp-servers/mail", {
      body: { ...saved.json, timeout: 5 },
    });
    expect(resaved.status).toBe(200);
    const exported = await demo.request("GET", "/api/export");
    expect(exported.json.smtpServers.mail.password).toBe("mail-pass");

    const invalid = await demo.request("PUT", "/api/smtp-servers/bad", {
      body: { host: "", sender: "nobody" },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.json.code).toBe("SMSKIT_E_SMTP_SERVER_INVALID");
    expect(invalid.json.issues.map((issue: { key: string }) => issue.key)).toContain("sender");

    expect((await demo.request("GET", "/api/smtp-servers/none")).status).toBe(404);
    expect((await demo.request("DELETE", "/api/smtp-servers/none")).status).toBe(404);
  });

  it("refuses to delete a server a gateway uses (409), and deletes it once unused", async () => {
    await demo.request("PUT", "/api/smtp-servers/used", {
      body: { host: "127.0.0.1", sender: "a@example.com" },
    });
    const gateway = await demo.request("PUT", "/api/gateways/by-mail", {
      body: { provider: "smtp", parameters: { SMTPIDENTIFIER: "used", MAILTO: "{phone}@sms.example.com" } },
    });
    expect(gateway.status).toBe(200);
    const refused = await demo.request("DELETE", "/api/smtp-servers/used");
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("SMSKIT_E_SMTP_SERVER_IN_USE");
    await demo.request("DELETE", "/api/gateways/by-mail");
    expect((await demo.request("DELETE", "/api/smtp-servers/used")).status).toBe(204);
  });

  it("serves the schema the SMTP server form is generated from", async () => {
    const schema = await demo.request("GET", "/api/schemas/smtp-server");
    expect(schema.json.properties.password.writeOnly).toBe(true);
    expect(schema.json.required).toEqual(["host", "sender"]);
  });
});
