export { type OpenApiView, renderApiReference, schemaSummary } from "./api-reference.js";
export {
  type CliCommandView,
  type CliOptionView,
  type CliReferenceInput,
  renderCliReference,
  statedDefault,
} from "./cli-reference.js";
export {
  type ErrorCatalogueOptions,
  type ErrorDefinitionView,
  type ErrorSource,
  errorRows,
  renderErrorCatalogue,
  retryExplanation,
  retryWords,
  sourceEntries,
} from "./error-catalogue.js";
export { cliExample, cliGatewaySet, exampleValue, libraryExample } from "./examples.js";
export {
  type ManifestView,
  type ParametersView,
  type PresetView,
  type PropertyView,
  parameterEntries,
  undescribedParameters,
} from "./manifest-view.js";
export { generatedNote } from "./markdown.js";
export {
  type ProviderPageOptions,
  renderParameterTable,
  renderProviderPage,
  typeName,
} from "./provider-page.js";
