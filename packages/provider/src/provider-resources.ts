/**
 * Named resources an application registers with core, which providers look up by kind and name
 * instead of the contract naming what one provider needs. Core registers two kinds itself:
 * `directory` (`scripts`: where the script provider's scripts live) and `smtp-server` (a central
 * SMTP server definition, secrets decrypted). An application adds its own with
 * `createSmskit({ resources })`.
 */
export interface ProviderResources {
  /**
   * The resource of this kind with this name, or undefined when there is none (also when no one
   * registered the kind). The value's shape is the kind's: a provider checks what it needs.
   */
  get<Value = unknown>(kind: string, name: string): Promise<Value | undefined>;
}

/** How an application provides the resources of one kind: a lookup by name. */
export type ResourceLookup = (name: string) => unknown;
