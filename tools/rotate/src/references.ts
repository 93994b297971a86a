/**
 * Terraform expression references, extracted with `getReferencesInExpression` from `@cdktf/hcl2json`
 * (the parser cdktf itself uses), one call per distinct string that holds `${`, memoized by string.
 * This is the async, I/O side of parsing: the graph and the planner take the finished index.
 */
import { setFlagsFromString } from 'node:v8';
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

function endOfInterpolation(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      i = endOfQuoted(text, i + 1);
      continue;
    }
    if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
    i++;
  }
  return text.length - 1;
}

function endOfQuoted(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else if (text.startsWith('$${', i) || text.startsWith('%%{', i)) i += 3;
    else if (text.startsWith('${', i) || text.startsWith('%{', i)) i = endOfInterpolation(text, i + 2) + 1;
    else i++;
  }
  return text.length;
}

const LITERAL_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A JSON-syntax template string as an HCL quoted template: literal parts escaped, interpolations
 * kept verbatim. `origin[i]` is the index in `text` of character `i` of the result.
 */
export function quotedTemplate(text: string): { readonly quoted: string; readonly origin: readonly number[] } {
  let quoted = '"';
  const origin: number[] = [0];
  const copy = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      quoted += text[k];
      origin.push(k);
    }
  };
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      copy(i, i + 3);
      i += 3;
    } else if (text.startsWith('${', i) || text.startsWith('%{', i)) {
      const end = endOfInterpolation(text, i + 2);
      copy(i, end + 1);
      i = end + 1;
    } else {
      const escaped = LITERAL_ESCAPES[text[i]] ?? text[i];
      for (const char of escaped) {
        quoted += char;
        origin.push(i);
      }
      i++;
    }
  }
  quoted += '"';
  origin.push(text.length);
  return { quoted, origin };
}
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
  const { quoted, origin } = quotedTemplate(expression);
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

/** A traversal split into segments: `a.b."c.d".0` -> ['a', 'b', 'c.d', '0']. */
export function traversalSegments(value: string): string[] {
  const segments: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (quoted) {
      if (char === '\\' && i + 1 < value.length) current += value[++i];
      else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') {
      quoted = true;
    } else if (char === '.') {
      segments.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments;
}
