import {
  defineConfigurationError,
  defineError,
  defineManifestError,
  errorCatalogue,
} from "./error-definition.js";

/** Core's codes of providers that cannot be registered (`ManifestError`, and discovery's reports). */
export const manifestErrors = errorCatalogue(
  defineManifestError(
    "SMSKIT_E_MANIFEST_SPEC_VERSION",
    "%{provider}: specVersion %{given} is not supported; %{fix}",
    {
      meaning: "A provider manifest declares a specVersion this core does not support.",
    },
  ),
  defineManifestError("SMSKIT_E_MANIFEST_ID", "%{provider}: id %{given} is malformed; %{fix}", {
    meaning: "A provider id is missing or malformed (lower-case letters, digits and dashes).",
  }),
  defineManifestError(
    "SMSKIT_E_MANIFEST_DUPLICATE",
    "provider '%{id}' (%{origin}) is already registered%{where}; install only one package per provider id",
    { meaning: "Two providers with the same id were registered." },
  ),
  defineManifestError("SMSKIT_E_MANIFEST_SCHEMA", "%{provider}: parameters %{problem}", {
    meaning: "A provider's `parameters` is not a valid JSON Schema object.",
  }),
  defineManifestError(
    "SMSKIT_E_MANIFEST_DESCRIPTION",
    "%{provider}: parameter %{key} has no description; every parameter needs one (it is the help text of the CLI, the form and the docs)",
    { meaning: "A parameter in a provider's schema has no description." },
  ),
  defineManifestError("SMSKIT_E_MANIFEST_INVALID", "%{provider}: %{problem}", {
    meaning: "A provider manifest lacks a required field or has one of the wrong type.",
  }),
  defineManifestError("SMSKIT_E_DISCOVERY_IMPORT", "%{problem}", {
    meaning: "A provider package named in package.json could not be found or threw on import.",
  }),
  defineManifestError("SMSKIT_E_DISCOVERY_EXPORT", "package %{package}: %{problem}", {
    meaning: "A provider package does not default-export a valid provider manifest.",
  }),
  defineManifestError("SMSKIT_E_PROVIDER_INCOMPATIBLE", "%{mismatch}", {
    meaning:
      "A provider package was made for another version of the provider contract (its @smskit/provider peer range or specVersion); the message says what to upgrade. The other providers still load.",
  }),
);

/** Core's codes of refused configuration (`ConfigurationError`) and of failures outside a send. */
export const configurationErrors = errorCatalogue(
  defineConfigurationError(
    "SMSKIT_E_PROVIDER_UNKNOWN",
    "gateway '%{gateway}': provider '%{provider}' is not installed%{hint}; installed providers: %{installed}",
    {
      meaning: "A gateway names a provider that is not installed or registered.",
      status: 422,
    },
  ),
  defineConfigurationError("SMSKIT_E_GATEWAY_INVALID", "gateway '%{gateway}': %{problems}", {
    meaning: "A gateway definition failed validation; nothing was saved.",
    status: 422,
  }),
  defineConfigurationError("SMSKIT_E_GATEWAY_NOT_FOUND", "%{target} is %{what}", {
    meaning: "No gateway with that name is defined.",
    status: 404,
  }),
  defineConfigurationError(
    "SMSKIT_E_GATEWAY_CONFLICT",
    "%{kind} '%{name}' is at revision %{current}, not %{expected}: it was changed since you read it; read it again and repeat the change",
    { meaning: "The gateway was changed by someone else since it was read.", status: 409 },
  ),
  defineConfigurationError("SMSKIT_E_STORE", "%{problem}", {
    meaning: "The gateway store could not be opened, read or written.",
  }),
  defineConfigurationError("SMSKIT_E_STORE_VERSION", "%{problem}", {
    meaning: "The store was written by a newer smskit and cannot be used by this one.",
  }),
  defineConfigurationError("SMSKIT_E_SECRET_KEY", "%{problem}", {
    meaning:
      "The key that encrypts secrets (SMSKIT_SECRET_KEY or the key file) is missing, unreadable or malformed.",
  }),
  defineConfigurationError(
    "SMSKIT_E_SECRET_DECRYPT",
    "%{kind} '%{name}': the secret %{field} cannot be decrypted with the key from %{keySource}: %{reason}; %{fix}",
    {
      meaning:
        "A stored secret cannot be decrypted: the key is not the one it was encrypted with, or the value was tampered with.",
    },
  ),
  defineConfigurationError("SMSKIT_E_SMTP_SERVER_INVALID", "SMTP server '%{name}': %{problems}", {
    meaning: "An SMTP server definition failed validation; nothing was saved.",
    status: 422,
  }),
  defineConfigurationError("SMSKIT_E_SMTP_SERVER_NOT_FOUND", "%{server} is not defined%{hint}", {
    meaning: "No SMTP server with that name is defined.",
    status: 404,
  }),
  defineConfigurationError("SMSKIT_E_SMTP_SERVER_IN_USE", "SMTP server '%{name}' is used by %{users}", {
    meaning: "The SMTP server is used by gateways and cannot be deleted.",
    status: 409,
  }),
  defineConfigurationError("SMSKIT_E_IMPORT_INVALID", "import refused, nothing was written: %{problems}", {
    meaning: "An import was refused as a whole; nothing was written. The message lists every problem.",
    status: 422,
  }),
  defineConfigurationError("SMSKIT_E_USAGE", "%{problem}", {
    meaning: "A command was called with missing or malformed arguments.",
  }),
  defineConfigurationError("SMSKIT_E_ROUTE_INVALID", "route '%{name}' was not saved: %{problems}", {
    meaning: "A route definition failed validation; nothing was saved.",
    status: 422,
  }),
  defineConfigurationError("SMSKIT_E_ROUTE_NOT_FOUND", "route '%{name}' is not defined%{hint}", {
    meaning: "No route with that name is defined.",
    status: 404,
  }),
  defineConfigurationError("SMSKIT_E_GATEWAY_IN_USE", "gateway '%{gateway}' is used by %{users}", {
    meaning: "The gateway is used by routes and cannot be deleted.",
    status: 409,
  }),
  defineConfigurationError(
    "SMSKIT_E_IDEMPOTENCY_CONFLICT",
    "idempotency key %{key} was used for another target, recipient or message; nothing was sent — use a new key for a new message",
    {
      meaning:
        "The idempotency key was used before for another target, recipient or message; nothing was sent.",
      status: 409,
    },
  ),
  defineConfigurationError("SMSKIT_E_RECEIPTS_OFF", "gateway '%{gateway}' %{why}", {
    meaning: "The gateway does not take status callbacks (its provider has none, or they are off).",
    status: 404,
  }),
  defineConfigurationError(
    "SMSKIT_E_MESSAGE_NOT_FOUND",
    "no message with id '%{id}' in the message log %{hint}",
    {
      meaning: "No message with that id is in the message log (never sent, or pruned).",
      status: 404,
    },
  ),
  defineConfigurationError("SMSKIT_E_QUEUE_UNAVAILABLE", "%{what} %{fix}", {
    meaning:
      "The durable queue is not available: enqueue and workers need a PostgreSQL store with @smskit/queue-postgres.",
    status: 503,
  }),
  defineError("SMSKIT_E_INTERNAL", "%{problem}", {
    meaning: "Something failed that smskit did not expect; please report it with the message.",
  }),
);
