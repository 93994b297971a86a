/**
 * Terraform expression references, extracted with `getReferencesInExpression` from `@cdktf/hcl2json`
 * (the parser cdktf itself uses), one call per distinct string that holds `${`, memoized by string.
 * This is the async, I/O side of parsing: the graph and the planner take the finished index.
 */
import { setFlagsFromString } from 'node:v8';
import { quotedTemplate } from '@raxx/terraform-json';
import type { JsonValue } from './terraform-json';
import { isJsonObject } from './terraform-json';

/** One reference inside an expression string: its text (`aws_iam_access_key.k.id`) and where it sits. */
export interface ExpressionReference {
  /** The traversal as hcl2json prints it: dots between segments, `.0.` for `[0]`, `."k".` for `["k"]`. */
  readonly value: string;
  /** Index of the first character of the traversal in the expression string. */
  readonly start: number;
  /** Index after the last character of the traversal. */
  readonly end: number;
}

/** Expression string -> the references it holds. Only strings containing `${` appear. */
export type ReferenceIndex = Readonly<Record<string, readonly ExpressionReference[]>>;

/** Calls every string leaf of `value`, depth first, skipping `//` comment blocks. */
export function forEachString(value: JsonValue, visit: (text: string) => void): void {
  if (typeof value === 'string') {
    visit(value);
  } else if (Array.isArray(value)) {
    for (const item of value) forEachString(item, visit);
  } else if (isJsonObject(value)) {
    for (const key of Object.keys(value)) if (key !== '//') forEachString(value[key], visit);
  }
}

/** Every distinct string of `configuration` that holds an interpolation, in first-seen order. */
export function expressionsIn(configuration: JsonValue): string[] {
  const seen = new Set<string>();
  forEachString(configuration, (text) => {
    if (text.includes('${')) seen.add(text);
  });
  return [...seen];
}

type ReferenceParser = (filename: string, expression: string) => Promise<Array<{ value: string; startPosition: number; endPosition: number }>>;

let parser: ReferenceParser | undefined;

const memo = new Map<string, readonly ExpressionReference[]>();

/** Forgets memoized references (benchmarks measure a fresh process this way). */
export function clearReferenceMemo(): void {
  memo.clear();
}

/** The references of one expression string (memoized for the life of the process). */
export async function referencesInExpression(expression: string): Promise<readonly ExpressionReference[]> {
  const known = memo.get(expression);
  if (known) return known;
  // Loaded lazily: the wasm start-up (~150 ms) is paid only when some expression is not cached.
  if (!parser) {
    // The parser is a Go program compiled to wasm. By default V8 also optimizes all of it on
    // background threads, which the process then waits for at exit (~0.4 s, measured); the baseline
    // compiler is plenty for a few hundred short expressions. Set before the module is compiled.
    setFlagsFromString('--liftoff-only');
    parser = (require('@cdktf/hcl2json') as { getReferencesInExpression: ReferenceParser }).getReferencesInExpression;
  }
  const template = quotedTemplate(expression);
  // The reader (`@raxx/infra/synthesis`) refuses unclosed interpolations, so this names a caller's bug.
  if (!template.ok) throw new Error(`cannot extract references: ${template.error.detail}`);
  const { quoted, origin } = template;
  const found = (await parser('cdk.tf.json', quoted)).map((reference) => ({
    value: reference.value,
    start: origin[reference.startPosition] ?? 0,
    end: (origin[reference.endPosition - 1] ?? expression.length - 1) + 1,
  }));
  memo.set(expression, found);
  return found;
}

/** Builds the reference index of `expressions`, reusing `cached` entries (e.g. from a cache file). */
export async function buildReferenceIndex(expressions: readonly string[], cached: ReferenceIndex = {}): Promise<ReferenceIndex> {
  const index: Record<string, readonly ExpressionReference[]> = {};
  for (const expression of expressions) {
    // Sequential on purpose: the wasm parser is single-threaded and one batched call is superlinear.
    index[expression] = cached[expression] ?? (await referencesInExpression(expression));
  }
  return index;
}

export { quotedTemplate, traversalSegments } from '@raxx/terraform-json';
