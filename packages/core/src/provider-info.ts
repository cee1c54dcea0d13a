import type { AnyProviderManifest, ProviderPreset } from "@smskit/provider";
import type { RegisteredProvider } from "./provider-registry.js";

/** A provider as applications and tools see it (`smskit providers --json`). */
export interface ProviderInfo {
  readonly id: string;
  readonly kind: "sms" | "push";
  readonly package: string | undefined;
  readonly version: string | undefined;
  readonly displayName: string;
  readonly description: string;
  readonly docsUrl: string | undefined;
  readonly parameters: AnyProviderManifest["parameters"];
  readonly optionsAllowed: boolean;
  readonly headersAllowed: boolean;
  readonly legacyNames: readonly string[];
  readonly presets: readonly ProviderPreset[];
}

/** What applications and tools are told about a registered provider. */
export function providerInfo({ manifest, origin }: RegisteredProvider): ProviderInfo {
  return {
    id: manifest.id,
    kind: manifest.kind,
    package: origin.package,
    version: origin.version,
    displayName: manifest.displayName,
    description: manifest.description,
    docsUrl: manifest.docsUrl,
    parameters: manifest.parameters,
    optionsAllowed: manifest.optionsAllowed,
    headersAllowed: manifest.headersAllowed,
    legacyNames: manifest.legacyNames ?? [],
    presets: manifest.presets ?? [],
  };
}
