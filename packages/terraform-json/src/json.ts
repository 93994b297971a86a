/**
 * The shapes of a synthesized stack's Terraform JSON (`cdk.tf.json`). Loose on purpose: only the
 * blocks the tools read are typed, everything else stays a JSON value.
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

/** Calls `visit` on every string leaf of `value` with its path, depth first, skipping `//` comment blocks. */
export function forEachString(value: JsonValue, visit: (text: string, path: readonly string[]) => void, path: string[] = []): void {
  if (typeof value === 'string') {
    visit(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => forEachString(item, visit, [...path, String(i)]));
  } else if (isJsonObject(value)) {
    for (const key of Object.keys(value)) if (key !== '//') forEachString(value[key], visit, [...path, key]);
  }
}
