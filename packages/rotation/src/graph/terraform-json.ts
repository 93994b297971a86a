/**
 * The synthesized Terraform JSON's types, shared with the policy proof: declared once in
 * `@raxx/terraform-json`, re-exported here so the tool's modules keep one local import.
 */
export type { JsonObject, JsonValue, TerraformConfiguration } from '@raxx/terraform-json';
export { isJsonObject } from '@raxx/terraform-json';
