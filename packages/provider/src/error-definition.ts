import {
  ConfigurationError,
  type ErrorCode,
  ManifestError,
  SmsError,
  SmskitError,
  type ValidationIssue,
} from "./errors.js";

/**
 * The names of a message template's `%{name}` placeholders: `"no gateway named '%{name}'"` has
 * `"name"`. (`{phone}` and `{otp}` without the `%` stay literal text.)
 */
export type TemplateParameters<Template extends string> =
  Template extends `${string}%{${infer Name}}${infer Rest}` ? Name | TemplateParameters<Rest> : never;

/** The values a template needs: one per placeholder. */
export type TemplateArguments<Template extends string> = {
  readonly [Name in TemplateParameters<Template>]: string | number;
};

/** Which class an error of a definition is: `SmsError`, `ConfigurationError`, `ManifestError` or `SmskitError`. */
export type ErrorKind = "send" | "configuration" | "manifest" | "general";

/** What a code means and how an API answers it — the part every definition has. */
export interface ErrorDefinitionOptions {
  /** What the code means, for the error catalogue: one or two sentences a person can act on. */
  readonly meaning: string;
  /**
   * The HTTP status an API (the demo app) answers this error with. Defaults: 502 for a failed
   * send, 500 for anything else (answered as `SMSKIT_E_INTERNAL`, details only in the log).
   */
  readonly status?: number;
}

/** The options of a failed-send code: what it means for the message, decided once. */
export interface SendErrorOptions extends ErrorDefinitionOptions {
  /** True when nothing reached the gateway: sending again cannot deliver the message twice. */
  readonly retrySafe: boolean;
  /** True when it is not known whether the gateway accepted the message. Default false. */
  readonly deliveryUnknown?: boolean;
}

/** What a thrown `SmsError` adds to its definition: where it happened and the facts a program may use. */
export interface SendErrorExtras {
  readonly gateway?: string | undefined;
  readonly provider?: string | undefined;
  readonly details?: Record<string, unknown>;
  readonly cause?: unknown;
}

/** What a thrown `ConfigurationError` adds: the gateway concerned and every problem found. */
export interface ConfigurationErrorExtras {
  readonly gateway?: string | undefined;
  readonly issues?: readonly ValidationIssue[];
  readonly cause?: unknown;
}

/** What any other error adds. */
export interface ErrorExtras {
  readonly cause?: unknown;
}

interface ErrorOf {
  send: SmsError;
  configuration: ConfigurationError;
  manifest: ManifestError;
  general: SmskitError;
}

interface ExtrasOf {
  send: SendErrorExtras;
  configuration: ConfigurationErrorExtras;
  manifest: ErrorExtras;
  general: ErrorExtras;
}

/** The arguments of `create`: the template's values (when it has placeholders), then the extras. */
export type CreateArguments<Template extends string, Extras> = [TemplateParameters<Template>] extends [never]
  ? [extras?: Extras]
  : [values: TemplateArguments<Template>, extras?: Extras];

/** One error code, defined once: its meaning, message template, HTTP status and (for a send) its outcome. */
export interface ErrorDefinition<
  Code extends ErrorCode = ErrorCode,
  Template extends string = string,
  Kind extends ErrorKind = ErrorKind,
> {
  readonly code: Code;
  readonly kind: Kind;
  /** The message, with `%{name}` where a value goes. Holds no secret and no message text. */
  readonly template: Template;
  readonly meaning: string;
  /** The HTTP status an API answers this error with. */
  readonly status: number;
  /** For a failed send: whether a retry is safe. `undefined` for every other kind. */
  readonly retrySafe: Kind extends "send" ? boolean : undefined;
  /** For a failed send: whether the delivery is unknown. `undefined` for every other kind. */
  readonly deliveryUnknown: Kind extends "send" ? boolean : undefined;
  /** The message for these values. */
  format(...values: CreateArguments<Template, never>): string;
  /** A new error of this code: the template filled in, the flags of the definition. */
  create(...input: CreateArguments<Template, ExtrasOf[Kind]>): ErrorOf[Kind];
}

/** A definition of any code, template and kind. */
export type AnyErrorDefinition = ErrorDefinition<ErrorCode, string, ErrorKind>;

/** `{ cause }` when the extras give one (even `undefined`), else nothing: as `new Error(m, { cause })`. */
function causeOf(extras: ErrorExtras): { cause?: unknown } {
  return "cause" in extras ? { cause: extras.cause } : {};
}

/** The definition each error was created from. */
const madeBy = new WeakMap<object, AnyErrorDefinition>();

/**
 * The definition an error was created from (`definition.create(…)`), e.g. for its HTTP status;
 * `undefined` for an error made otherwise (`new SmsError(…)`, another copy of this package).
 */
export function definitionOf(error: unknown): AnyErrorDefinition | undefined {
  return typeof error === "object" && error !== null ? madeBy.get(error) : undefined;
}

/**
 * Fill `%{name}` placeholders in. The types make every value present; one that is missing at
 * run time reads `undefined`, as in a template literal — the error is never lost to a TypeError.
 */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string | number>> = {},
): string {
  return template.replace(/%\{([^}]+)\}/g, (_, name: string) => String(values[name]));
}

function define<Code extends ErrorCode, Template extends string, Kind extends ErrorKind>(
  code: Code,
  template: Template,
  kind: Kind,
  options: ErrorDefinitionOptions & { retrySafe?: boolean; deliveryUnknown?: boolean },
  build: (message: string, extras: ExtrasOf[Kind]) => ErrorOf[Kind],
): ErrorDefinition<Code, Template, Kind> {
  const hasValues = /%\{[^}]+\}/.test(template);
  const split = (input: unknown[]): [Record<string, string | number> | undefined, ExtrasOf[Kind]] =>
    hasValues
      ? [input[0] as Record<string, string | number>, (input[1] ?? {}) as ExtrasOf[Kind]]
      : [undefined, (input[0] ?? {}) as ExtrasOf[Kind]];
  const status = options.status ?? (kind === "send" ? 502 : 500);
  const definition = {
    code,
    kind,
    template,
    meaning: options.meaning,
    status,
    retrySafe: kind === "send" ? options.retrySafe : undefined,
    deliveryUnknown: kind === "send" ? (options.deliveryUnknown ?? false) : undefined,
    format: (...values: unknown[]) => fillTemplate(template, split(values)[0]),
    create: (...input: unknown[]) => {
      const [values, extras] = split(input);
      const error = build(fillTemplate(template, values), extras);
      madeBy.set(error, frozen);
      return error;
    },
  };
  const frozen = Object.freeze(definition) as unknown as ErrorDefinition<Code, Template, Kind>;
  return frozen;
}

/**
 * Define a failed-send code: `create` makes an `SmsError` whose `retrySafe` and
 * `deliveryUnknown` are the definition's, never decided again where it is thrown.
 */
export function defineSendError<const Code extends ErrorCode, const Template extends string>(
  code: Code,
  template: Template,
  options: SendErrorOptions,
): ErrorDefinition<Code, Template, "send"> {
  return define(code, template, "send", options, (message, extras) => {
    const { gateway, provider, details } = extras;
    const outcome = { retrySafe: options.retrySafe, deliveryUnknown: options.deliveryUnknown ?? false };
    return new SmsError(code, message, {
      gateway,
      provider,
      ...outcome,
      ...(details ? { details } : {}),
      ...causeOf(extras),
    });
  });
}

/** Define a code of a refused configuration (a definition, a store, arguments): `ConfigurationError`. */
export function defineConfigurationError<const Code extends ErrorCode, const Template extends string>(
  code: Code,
  template: Template,
  options: ErrorDefinitionOptions,
): ErrorDefinition<Code, Template, "configuration"> {
  return define(code, template, "configuration", options, (message, { gateway, issues, ...rest }) => {
    const where = gateway !== undefined ? { gateway } : {};
    return new ConfigurationError(code, message, {
      ...where,
      ...(issues ? { issues } : {}),
      ...causeOf(rest),
    });
  });
}

/** Define a code of a provider manifest or package that cannot be registered: `ManifestError`. */
export function defineManifestError<const Code extends ErrorCode, const Template extends string>(
  code: Code,
  template: Template,
  options: ErrorDefinitionOptions,
): ErrorDefinition<Code, Template, "manifest"> {
  return define(
    code,
    template,
    "manifest",
    options,
    (message, extras) => new ManifestError(code, message, causeOf(extras)),
  );
}

/** Define any other code: `SmskitError`. */
export function defineError<const Code extends ErrorCode, const Template extends string>(
  code: Code,
  template: Template,
  options: ErrorDefinitionOptions,
): ErrorDefinition<Code, Template, "general"> {
  return define(
    code,
    template,
    "general",
    options,
    (message, extras) => new SmskitError(code, message, causeOf(extras)),
  );
}

/** Definitions keyed by their code: `catalogue.SMSKIT_E_X.create(…)`. */
export type ErrorCatalogue<Definitions extends readonly AnyErrorDefinition[]> = {
  readonly [Definition in Definitions[number] as Definition["code"]]: Definition;
};

/** Gather definitions into a catalogue keyed by code; two definitions of one code are a bug. */
export function errorCatalogue<const Definitions extends readonly AnyErrorDefinition[]>(
  ...definitions: Definitions
): ErrorCatalogue<Definitions> {
  const catalogue: Record<string, AnyErrorDefinition> = {};
  for (const definition of definitions) {
    if (definition.code in catalogue) throw new TypeError(`error code ${definition.code} is defined twice`);
    catalogue[definition.code] = definition;
  }
  return Object.freeze(catalogue) as ErrorCatalogue<Definitions>;
}

/** A catalogue's codes with their meanings: the shape of a manifest's `errorCodes`. */
export function errorMeanings<Catalogue extends Readonly<Record<string, AnyErrorDefinition>>>(
  catalogue: Catalogue,
): { readonly [Code in keyof Catalogue]: string } {
  return Object.freeze(
    Object.fromEntries(Object.values(catalogue).map((definition) => [definition.code, definition.meaning])),
  ) as { readonly [Code in keyof Catalogue]: string };
}
