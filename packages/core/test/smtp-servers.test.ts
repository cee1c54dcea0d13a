import { describe, expect, it } from "vitest";
import {
  CENSORED,
  ConfigurationError,
  createSmskit,
  defineProvider,
  type SmtpServerDefinition,
} from "../src/index.js";
import { privacyideaLikeProviders } from "./fixtures/privacyidea-like-providers.js";

const server = {
  name: "mail",
  host: "smtp.example.net",
  port: "587",
  tls: "starttls" as const,
  sender: "otp@example.net",
};
const gateway = {
  name: "mail-sms",
  provider: "smtp",
  parameters: { MAILTO: "{phone}@sms.example.net", SMTPIDENTIFIED: "mail" },
};

describe("central SMTP server definitions", () => {
  it("validates, coerces and applies defaults", async () => {
    const smskit = await createSmskit({ providers: privacyideaLikeProviders() });
    const saved = await smskit.saveSmtpServer({ ...server, verifyTls: "no", password: "p" });
    expect(saved).toMatchObject({
      port: 587,
      tls: "starttls",
      verifyTls: false,
      timeout: 10,
      username: "",
      password: CENSORED,
    });
    const error = await smskit
      .saveSmtpServer({
        name: "bad",
        host: "smtp.example.net",
        port: "x",
        tls: "ssl" as never,
        sender: "nobody",
        colour: "red",
      } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: "SMSKIT_E_SMTP_SERVER_INVALID" });
    expect((error as ConfigurationError).issues.map((issue) => issue.key).sort()).toEqual([
      "colour",
      "port",
      "sender",
      "tls",
    ]);
  });

  it("keeps the password when __CENSORED__ is written back and clears it with an empty string", async () => {
    const smskit = await createSmskit({ providers: privacyideaLikeProviders() });
    await smskit.saveSmtpServer({ ...server, password: "s3cret" });
    await smskit.saveSmtpServer({ ...server, password: CENSORED, timeout: 5 });
    expect((await smskit.exportDefinitions()).smtpServers.mail).toMatchObject({
      password: "s3cret",
      timeout: 5,
    });
    await smskit.saveSmtpServer({ ...server, password: "" });
    expect((await smskit.exportDefinitions()).smtpServers.mail?.password).toBe("");
  });

  it("refuses a gateway naming an SMTP server that does not exist, accepting privacyIDEA's alias", async () => {
    const smskit = await createSmskit({ providers: privacyideaLikeProviders() });
    await expect(smskit.saveGateway(gateway)).rejects.toThrow(
      "gateway 'mail-sms': parameter SMTPIDENTIFIER names the SMTP server 'mail', which is not defined",
    );
    await smskit.saveSmtpServer(server);
    const saved = await smskit.saveGateway(gateway);
    expect(saved.parameters).toEqual({ MAILTO: "{phone}@sms.example.net", SMTPIDENTIFIER: "mail" });
  });

  it("refuses to delete a server that gateways use, naming them", async () => {
    const smskit = await createSmskit({ providers: privacyideaLikeProviders() });
    await smskit.saveSmtpServer(server);
    await smskit.saveGateway(gateway);
    await smskit.saveGateway({ ...gateway, name: "second" });
    await expect(smskit.deleteSmtpServer("mail")).rejects.toThrow(
      "SMTP server 'mail' is used by gateways 'mail-sms', 'second'",
    );
    await smskit.deleteGateway("mail-sms");
    await smskit.deleteGateway("second");
    expect(await smskit.deleteSmtpServer("mail")).toBe(true);
    expect(await smskit.listSmtpServers()).toEqual([]);
  });
});

describe("SMTP servers seen by providers", () => {
  const relayProvider = (seen: number[]) =>
    defineProvider({
      specVersion: 1,
      id: "relay",
      kind: "sms",
      displayName: "Relay",
      description: "Uses a central SMTP server.",
      optionsAllowed: false,
      headersAllowed: false,
      parameters: {
        type: "object",
        properties: {
          SMTPIDENTIFIER: { type: "string", "x-reference": "smtp-server", description: "Server." },
        },
        required: ["SMTPIDENTIFIER"],
      },
      async create(config, context) {
        const server = await context.resources.get<SmtpServerDefinition>(
          "smtp-server",
          config.parameters.SMTPIDENTIFIER,
        );
        seen.push(server?.port ?? 0);
        return {
          async send() {
            throw new Error(`535 authentication failed for ${server?.username}/${server?.password}`);
          },
        };
      },
    });

  it("gives the decrypted server, censors its password in errors, and recreates the instance when the server changes", async () => {
    const seen: number[] = [];
    const smskit = await createSmskit({ providers: [relayProvider(seen)] });
    await smskit.saveSmtpServer({ ...server, username: "otp", password: "Mail-Pass-123" });
    await smskit.saveGateway({ name: "relay", provider: "relay", parameters: { SMTPIDENTIFIER: "mail" } });
    const error = (await smskit.send("relay", "+49", "x").then(
      () => new Error("delivered unexpectedly"),
      (caught: unknown) => caught,
    )) as Error;
    expect(error.message).toContain(`authentication failed for otp/${CENSORED}`);
    expect(error.message).not.toContain("Mail-Pass-123");
    await smskit.saveSmtpServer({ ...server, port: 2525, password: CENSORED });
    await smskit.send("relay", "+49", "x").catch(() => {});
    expect(seen).toEqual([587, 2525]);
  });
});
