/**
 * The shapes of the synthesized Terraform JSON (`cdk.tf.json`) that the rotation tool reads.
 * Loose on purpose: only the blocks the graph needs are typed, everything else stays `unknown`.
 */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** One synthesized stack's `cdk.tf.json`. */
export interface TerraformConfiguration {
  readonly '//'?: JsonObject;
  readonly resource?: Record<string, Record<string, JsonObject>>;
  readonly data?: Record<string, Record<string, JsonObject>>;
  readonly output?: Record<string, JsonObject>;
  readonly locals?: Record<string, JsonValue>;
  readonly variable?: Record<string, JsonObject>;
  readonly provider?: Record<string, JsonObject[] | JsonObject>;
  readonly terraform?: {
    readonly backend?: Record<string, JsonObject>;
    readonly cloud?: JsonObject;
    readonly [key: string]: unknown;
  };
}

/** Is `value` a JSON object (not an array, not null)? */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
