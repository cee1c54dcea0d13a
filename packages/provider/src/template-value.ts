/** A rendered option value: text, or the JSON structure an option written as JSON stands for. */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | TemplateValue[]
  | { [key: string]: TemplateValue };
