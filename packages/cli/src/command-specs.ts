import { bulkCommand } from "./commands/bulk.js";
import { policyOptions } from "./commands/gateway.js";
import { inspectCommand } from "./commands/inspect.js";
import { messageCommands } from "./commands/messages.js";
import { queueCommands } from "./commands/queue.js";
import { routeCommands } from "./commands/route.js";

/** One flag a command accepts. */
export interface OptionSpec {
  /** The long name, without the dashes: `--store` is `store`. */
  readonly name: string;
  /** The placeholder of its value in usage lines (`PATH`, `KEY=VALUE`); absent for a switch. */
  readonly value?: string;
  /** Whether the flag may be given more than once. */
  readonly multiple?: boolean;
  /** Whether the command cannot run without it. */
  readonly required?: boolean;
  /** A one-letter alias (`-h`). */
  readonly short?: string;
  /** What it does, for `--help`. */
  readonly description: string;
}

/** One positional argument of a command. */
export interface ArgumentSpec {
  readonly name: string;
  readonly description: string;
}

/** A command (`send`) or a sub-command (`gateway set`): what it accepts and how it is described. */
export interface CommandSpec {
  /** The words that select it: `["gateway", "set"]`. */
  readonly path: readonly string[];
  /** One line for command lists. */
  readonly summary: string;
  /** Further paragraphs for its `--help`. */
  readonly details?: readonly string[];
  readonly arguments: readonly ArgumentSpec[];
  readonly options: readonly OptionSpec[];
  readonly examples: readonly string[];
}

/** A word that only groups sub-commands (`gateway`). */
export interface GroupSpec {
  readonly path: readonly string[];
  readonly summary: string;
}

/** Flags every command accepts, anywhere on the line. */
export const globalOptions: readonly OptionSpec[] = [
  {
    name: "store",
    value: "PATH",
    description: "the gateway store file (default: $SMSKIT_STORE, else ./smskit.db in the current directory)",
  },
  {
    name: "app",
    value: "DIR",
    description:
      "the application whose installed providers smskit uses (default: $SMSKIT_APP, else the nearest directory with a package.json from the current directory upward)",
  },
  {
    name: "script-dir",
    value: "PATH",
    description: "the directory the script provider runs scripts from (default: $SMSKIT_SCRIPT_DIR)",
  },
  { name: "help", short: "h", description: "show this help and exit" },
];

/** `--version`, accepted on its own. */
export const versionOption: OptionSpec = {
  name: "version",
  description: "print the smskit version and exit",
};

const jsonOption = (what: string): OptionSpec => ({ name: "json", description: `print ${what} as JSON` });

const keyFile = (name: string, what: string): OptionSpec => ({
  name: `${name}-file`,
  value: "KEY=PATH",
  multiple: true,
  description: `like --${name}, the value read from the file PATH (one trailing newline removed; '-' reads standard input), so it does not show in the process list; ${what}`,
});

const keyValue = (name: string, description: string): OptionSpec => ({
  name,
  value: "KEY=VALUE",
  multiple: true,
  description: `${description}; split at the first '='; repeat for more`,
});

/** The groups of sub-commands. */
export const groups: readonly GroupSpec[] = [
  { path: ["gateway"], summary: "define, list, show and delete gateways" },
  {
    path: ["smtp"],
    summary: "define, list, show and delete the central SMTP servers that smtp gateways send through",
  },
  { path: ["secrets"], summary: "manage the key that encrypts secrets at rest" },
  { path: ["route"], summary: "define, list, show and delete routes: failover and spreading over gateways" },
];

/** Every command smskit knows, in the order `smskit --help` lists them. */
export const commands: readonly CommandSpec[] = [
  {
    path: ["providers"],
    summary: "list the installed providers",
    details: [
      'Providers are the packages among smskit\'s own dependencies that carry an "smskit": { "provider" } field. A package that is listed but cannot be loaded is reported on stderr; the others are still listed.',
    ],
    arguments: [],
    options: [
      jsonOption(
        "every provider with its parameters schema, optionsAllowed, headersAllowed, presets and legacy names",
      ),
    ],
    examples: ["smskit providers", "smskit providers --json"],
  },
  {
    path: ["gateway", "set"],
    summary: "create or replace a gateway definition",
    details: [
      "The definition is validated against the provider's schema before it is saved; a refused definition changes nothing. A preset fills in parameters, options and headers that --param, --option and --header then override. A secret given as __CENSORED__ keeps the stored value, and stays secret without --secret-option/--secret-header; __CENSORED__ where no secret is stored is refused.",
      "Every value can come from a file instead of the command line, where other users see it in the process list: --param-file, --option-file, --header-file, --secret-option-file and --secret-header-file take KEY=PATH and use the file's text (one trailing newline removed); PATH '-' reads standard input (for one flag at most).",
      "With --provider ID, --help also lists that provider's parameters and presets.",
    ],
    arguments: [
      { name: "name", description: "the gateway's name: 1 to 64 letters, digits, '.', '_' or '-'" },
    ],
    options: [
      {
        name: "provider",
        value: "ID",
        description: "the provider to use (see 'smskit providers'); required",
      },
      { name: "description", value: "TEXT", description: "what the gateway is for" },
      { name: "preset", value: "NAME", description: "start from one of the provider's presets" },
      keyValue("param", "a parameter of the provider, e.g. URL=https://sms.example.com/send"),
      keyValue("option", "a free option sent to the gateway (may contain {phone} and {otp})"),
      keyValue("header", "an HTTP header sent to the gateway (may contain {phone} and {otp})"),
      keyValue(
        "secret-option",
        "an option whose value is secret (encrypted at rest, shown as __CENSORED__); names with PASSWORD, SECRET, TOKEN or KEY are secret anyway",
      ),
      keyValue("secret-header", "a header whose value is secret, e.g. Authorization=Bearer s3cret"),
      keyFile("param", "e.g. --param-file PASSWORD=/run/secrets/sms-password"),
      keyFile("option", "repeat for more"),
      keyFile("header", "repeat for more"),
      keyFile("secret-option", "the option is secret"),
      keyFile("secret-header", "e.g. --secret-header-file Authorization=-"),
      ...policyOptions,
    ],
    examples: [
      "smskit gateway set otp --provider http --param URL=https://sms.example.com/send --param HTTP_METHOD=POST \\\n    --option to={phone} --option text={otp} --secret-header 'Authorization=Bearer s3cret'",
      "smskit gateway set gtx --provider http --preset gtx-messaging --option user=me --secret-option pass=s3cret",
      "smskit gateway set otp --provider http --param URL=https://sms.example.com/send --rate-limit 10 --retries 2 --breaker 5/60/30",
      'printf %s "$SMS_PASSWORD" | smskit gateway set otp --provider http --param URL=https://sms.example.com/send \\\n    --param USERNAME=me --param-file PASSWORD=-',
    ],
  },
  {
    path: ["gateway", "list"],
    summary: "list the defined gateways",
    arguments: [],
    options: [jsonOption("the definitions (secrets shown as __CENSORED__)")],
    examples: ["smskit gateway list", "smskit --store /var/lib/smskit/gateways.db gateway list --json"],
  },
  {
    path: ["gateway", "show"],
    summary: "show one gateway definition (secrets shown as __CENSORED__)",
    arguments: [{ name: "name", description: "the gateway to show" }],
    options: [
      jsonOption("the definition (name, provider, description, parameters, options, headers, revision)"),
    ],
    examples: ["smskit gateway show otp", "smskit gateway show otp --json"],
  },
  {
    path: ["gateway", "delete"],
    summary: "delete a gateway definition",
    arguments: [{ name: "name", description: "the gateway to delete" }],
    options: [],
    examples: ["smskit gateway delete otp"],
  },
  ...routeCommands.map((command) => command.spec),
  ...messageCommands.map((command) => command.spec),
  ...queueCommands.map((command) => command.spec),
  {
    path: ["send"],
    summary: "send a message through a gateway or a route",
    details: [
      "Exits 0 when a gateway accepted the message, 1 when delivery failed or its outcome is unknown, 2 when the target or the arguments are wrong. A message that starts with '-' goes after '--': smskit send otp +4912345 -- '-5 degrees'.",
      "With --idempotency-key, a repeat with the same key within 24 hours prints the first outcome and sends nothing, also from another process sharing the store; the same key with another target, recipient or message exits 2 (SMSKIT_E_IDEMPOTENCY_CONFLICT).",
    ],
    arguments: [
      { name: "target", description: "the gateway or route to send through" },
      { name: "to", description: "the recipient: a phone number (sms) or a device token (push)" },
      {
        name: "message",
        description: "the text; '-' reads it from standard input (one trailing newline is removed)",
      },
    ],
    options: [
      { name: "title", value: "TEXT", description: "the title of a push notification" },
      {
        name: "timeout",
        value: "SECONDS",
        description:
          "give up after this many seconds (default 60, at most 86400); the message may or may not have been sent then",
      },
      keyValue("data", "a data entry of a push message"),
      {
        name: "idempotency-key",
        value: "KEY",
        description: "send at most once per KEY: a repeat prints the first outcome without sending",
      },
      {
        name: "wait-receipt",
        value: "SECONDS",
        description:
          "after the gateway accepted it, wait up to SECONDS for a final status (a delivery receipt) and print it; exit 0 delivered, 1 failed, undelivered, expired or rejected, 3 no final status in time",
      },
      jsonOption(
        "the result (id, gateway, route, provider, to, messageId, parts, details, durationMs, attempts; with --wait-receipt also status); on failure the error with its attempts",
      ),
    ],
    examples: [
      "smskit send otp +4915112345678 'Your code is 123456'",
      "echo 'Your code is 123456' | smskit send otp +4915112345678 -",
      "smskit send push d3v1c3-t0k3n 'New login' --title 'Security' --data kind=login --json",
    ],
  },
  bulkCommand.spec,
  inspectCommand.spec,
  {
    path: ["smtp", "set"],
    summary: "create or replace a central SMTP server definition",
    details: [
      "The definition is validated before it is saved and replaces the stored one completely; a refused definition changes nothing. Gateways of the smtp provider name the server in SMTPIDENTIFIER and pick up a change at their next send.",
      "The password is a secret: encrypted at rest and shown as __CENSORED__. --password __CENSORED__ keeps the stored password, --password '' (or leaving the flag out) saves the server without one.",
    ],
    arguments: [{ name: "name", description: "the server's name: 1 to 64 letters, digits, '.', '_' or '-'" }],
    options: [
      { name: "host", value: "HOST", required: true, description: "host name or address of the SMTP server" },
      {
        name: "port",
        value: "PORT",
        description: "TCP port: usually 25 (none), 587 (starttls) or 465 (tls) (default 25)",
      },
      {
        name: "tls",
        value: "none|starttls|tls",
        description:
          "none: plain SMTP; starttls: upgrade with STARTTLS (required); tls: implicit TLS from the start (default none)",
      },
      {
        name: "verify-tls",
        value: "yes|no",
        description: "verify the server's TLS certificate (default yes)",
      },
      { name: "username", value: "USER", description: "user name for SMTP AUTH; leave out for none" },
      {
        name: "password",
        value: "PASSWORD",
        description: "password for SMTP AUTH (secret); __CENSORED__ keeps the stored one, '' saves none",
      },
      {
        name: "password-file",
        value: "PATH",
        description:
          "like --password, read from the file PATH (one trailing newline removed; '-' reads standard input), so it does not show in the process list",
      },
      {
        name: "sender",
        value: "ADDRESS",
        required: true,
        description: "the From address of the mails sent",
      },
      {
        name: "timeout",
        value: "SECONDS",
        description: "seconds to wait for the connection and for each answer (default 10, at most 86400)",
      },
      { name: "description", value: "TEXT", description: "what the server is for" },
    ],
    examples: [
      "smskit smtp set relay --host mail.example.com --port 587 --tls starttls \\\n    --username smskit --password s3cret --sender sms@example.com",
      "smskit smtp set relay --host mail.example.com --port 587 --tls starttls --username smskit --password __CENSORED__ \\\n    --sender sms@example.com --timeout 20",
    ],
  },
  {
    path: ["smtp", "list"],
    summary: "list the central SMTP servers",
    arguments: [],
    options: [jsonOption("the definitions (passwords shown as __CENSORED__)")],
    examples: ["smskit smtp list", "smskit smtp list --json"],
  },
  {
    path: ["smtp", "show"],
    summary: "show one SMTP server definition (password shown as __CENSORED__) and the gateways using it",
    arguments: [{ name: "name", description: "the SMTP server to show" }],
    options: [
      jsonOption(
        "the definition (name, host, port, tls, verifyTls, username, password, sender, timeout, description, revision)",
      ),
    ],
    examples: ["smskit smtp show relay", "smskit smtp show relay --json"],
  },
  {
    path: ["smtp", "delete"],
    summary: "delete an SMTP server definition that no gateway uses",
    details: ["A server that gateways still name is not deleted; the error names those gateways."],
    arguments: [{ name: "name", description: "the SMTP server to delete" }],
    options: [],
    examples: ["smskit smtp delete relay"],
  },
  {
    path: ["export"],
    summary: "write every gateway and SMTP server as one JSON document to standard output",
    details: [
      "Without --censor the document holds every secret in clear text (a warning on standard error says so): treat the file like the key. With --censor every secret is __CENSORED__; importing such a document keeps the secrets already stored.",
    ],
    arguments: [],
    options: [{ name: "censor", description: "show every secret as __CENSORED__" }],
    examples: ["smskit export > gateways.json", "smskit export --censor"],
  },
  {
    path: ["import"],
    summary: "import smskit's export or privacyIDEA's gateway or configuration export",
    details: [
      "The whole document is validated first: one problem anywhere refuses the import, lists every problem and writes nothing. Otherwise every gateway and SMTP server is created or replaced in one transaction, and the command says what it created, updated and left unchanged.",
      "privacyIDEA's gateways keep parameters and free options together; they are split by the provider's schema. Secrets given as __CENSORED__ keep the stored values.",
    ],
    arguments: [{ name: "file", description: "the JSON document; '-' reads it from standard input" }],
    options: [
      { name: "dry-run", description: "validate and report what would change, without writing anything" },
      jsonOption("the report (format, dryRun, gateways and smtpServers: created, updated, unchanged)"),
    ],
    examples: [
      "smskit import gateways.json",
      "smskit import privacyidea-config.json --dry-run --script-dir /etc/smskit/scripts",
      "smskit export | ssh other-host smskit import -",
    ],
  },
  {
    path: ["secrets", "rotate"],
    summary: "re-encrypt every secret with a new key",
    details: [
      "Reads the new key (base64 of 32 bytes) from --new-key-file, creating that file with a fresh key (mode 0600) when it does not exist, and re-encrypts every secret in one transaction: all of them or none.",
      "When the current key is the store's key file <store>.key, that file then holds the new key and the old key is kept as <store>.key.old. When it is SMSKIT_SECRET_KEY, set SMSKIT_SECRET_KEY to the new key (the contents of the file) before smskit runs again. Stop other processes using the store while rotating.",
    ],
    arguments: [],
    options: [
      {
        name: "new-key-file",
        value: "PATH",
        required: true,
        description: "the file holding the new key; created with a fresh key when it does not exist",
      },
    ],
    examples: ["smskit secrets rotate --new-key-file /secure/place/new.key"],
  },
];

/** The command that `words` (the leading positionals) select exactly, if any. */
export function findCommand(words: readonly string[]): CommandSpec | undefined {
  return commands.find((command) => command.path.every((word, index) => words[index] === word));
}

/** The group that the first word names, if any. */
export function findGroup(word: string | undefined): GroupSpec | undefined {
  return groups.find((group) => group.path[0] === word);
}

/** The commands inside a group. */
export function commandsOf(group: GroupSpec): CommandSpec[] {
  return commands.filter((command) => command.path[0] === group.path[0]);
}

/** How a command is written: `smskit gateway set`. */
export function commandName(path: readonly string[]): string {
  return ["smskit", ...path].join(" ");
}
