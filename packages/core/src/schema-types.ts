// The schema subset and the types derived from it are part of the provider contract.
export type {
  JsonTypeName,
  ParametersOf,
  ParametersSchema,
  PropertySchema,
  PropertyType,
} from "@smskit/provider";
