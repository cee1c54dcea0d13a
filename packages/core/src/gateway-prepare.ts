import { checkNesting } from "./definition-limits.js";
import type { DefinitionSecrets } from "./definition-secrets.js";
import { ConfigurationError, type ValidationIssue } from "./errors.js";
import type { GatewayDefinition, GatewayInput } from "./gateway-definition.js";
import { type GatewayValidationContext, validateGateway } from "./gateway-validation.js";
import type { ProviderRegistry } from "./provider-registry.js";
import { CENSORED, restoreCensored, secretSelection } from "./secrets.js";
import type { GatewayRecord, GatewayStore } from "./store/gateway-store.js";

/** What export, import and key rotation work with. */
export interface TransferContext {
  readonly registry: ProviderRegistry;
  readonly store: GatewayStore;
  readonly secrets: DefinitionSecrets;
  readonly validation: GatewayValidationContext;
}

/**
 * Restore `__CENSORED__` values from the stored definition and validate. Returns the record to
 * store (secrets in clear) and the stored definition (decrypted), or the issues found.
 */
export async function prepareGateway(
  context: TransferContext,
  input: GatewayInput,
  validation: GatewayValidationContext,
): Promise<
  { record: GatewayRecord; stored: GatewayDefinition | undefined } | { issues: readonly ValidationIssue[] }
> {
  const tooDeep: ValidationIssue[] = [];
  if (input.parameters !== null && typeof input.parameters === "object")
    checkNesting(input.parameters, tooDeep);
  if (tooDeep.length > 0) return { issues: tooDeep };
  const provider = context.registry.get(String(input.provider ?? ""));
  const storedRaw = typeof input.name === "string" ? await context.store.getGateway(input.name) : undefined;
  const stored = storedRaw && context.secrets.decryptGateway(storedRaw);
  let prepared = input;
  if (provider) {
    const previous = stored?.provider === provider.manifest.id ? stored : undefined;
    const { record, missing, keptOptions, keptHeaders } = restoreCensored(
      { parameters: input.parameters ?? {}, options: input.options ?? {}, headers: input.headers ?? {} },
      previous,
      secretSelection(provider.secretParameters, input),
      secretSelection(provider.secretParameters, previous),
    );
    if (missing.length > 0) {
      return {
        issues: missing.map((key) => ({
          key,
          message: `is ${CENSORED} but gateway '${input.name}' has no stored value to keep: no secret is stored there; give the secret itself`,
        })),
      };
    }
    // A secret kept through __CENSORED__ stays secret, whether or not the client flagged it again.
    const flags = (given: unknown, kept: readonly string[]) => [
      ...new Set([...(Array.isArray(given) ? (given as string[]) : []), ...kept]),
    ];
    if (keptOptions.length > 0)
      Object.assign(record, { secretOptions: flags(input.secretOptions, keptOptions) });
    if (keptHeaders.length > 0)
      Object.assign(record, { secretHeaders: flags(input.secretHeaders, keptHeaders) });
    prepared = { ...input, ...record };
  }
  try {
    const { record } = await validateGateway(prepared, context.registry, validation);
    return { record, stored };
  } catch (error) {
    if (error instanceof ConfigurationError && error.code === "SMSKIT_E_GATEWAY_INVALID")
      return { issues: error.issues };
    throw error;
  }
}
