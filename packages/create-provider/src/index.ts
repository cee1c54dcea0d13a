export { type CreateIo, main } from "./main.js";
export { scaffoldManifest, scaffoldVersions } from "./package-manifest.js";
export {
  invalidOption,
  packageNameOf,
  providerIdPattern,
  ScaffoldError,
  type ScaffoldOptions,
  scaffold,
  templateDirectory,
} from "./scaffold.js";
