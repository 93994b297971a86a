/**
 * The `${...}` scanner of Terraform's JSON syntax: where each interpolation (`${...}`) and template
 * directive (`%{...}`) of a string starts and ends, honouring the `$${` / `%%{` escapes and the quoted
 * strings (with their own nested interpolations) inside an expression. Pure; an interpolation that
 * never closes is an error value naming where it opens.
 */

/** One interpolation or directive of a template string. */
export interface Interpolation {
  /** `${...}` or `%{...}`. */
  readonly kind: 'interpolation' | 'directive';
  /** Index of its `$` (or `%`). */
  readonly start: number;
  /** Index after its closing `}`. */
  readonly end: number;
  /** The text between the braces, as written. */
  readonly expression: string;
}

/** A `${` (or `%{`) without its closing `}`. */
export interface UnclosedInterpolation {
  readonly kind: 'unclosed-interpolation';
  /** Index of the opening `$` (or `%`). */
  readonly index: number;
  /** One line: what is unclosed and where. */
  readonly detail: string;
}

/** The interpolations of a string, or why it has none that Terraform could read. */
export type InterpolationScan =
  | { readonly ok: true; readonly value: readonly Interpolation[] }
  | { readonly ok: false; readonly error: UnclosedInterpolation };

const NOT_CLOSED = -1;

/** Index of the `}` closing the expression that starts at `from` (after `${`), or -1. */
export function closingBrace(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      i = endOfQuoted(text, i + 1);
      if (i === NOT_CLOSED) return NOT_CLOSED;
      continue;
    }
    if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
    i++;
  }
  return NOT_CLOSED;
}

/** Index after the `"` closing a quoted string of an expression that starts at `from`, or -1. */
function endOfQuoted(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else if (text.startsWith('$${', i) || text.startsWith('%%{', i)) i += 3;
    else if (text.startsWith('${', i) || text.startsWith('%{', i)) {
      const end = closingBrace(text, i + 2);
      if (end === NOT_CLOSED) return NOT_CLOSED;
      i = end + 1;
    } else i++;
  }
  return NOT_CLOSED;
}

function excerpt(text: string, index: number): string {
  const shown = text.slice(index, index + 40);
  return JSON.stringify(shown.length < text.length - index ? `${shown}...` : shown);
}

/** Every top-level interpolation and directive of `text`, in order. */
export function scanInterpolations(text: string): InterpolationScan {
  const found: Interpolation[] = [];
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      i += 3;
    } else if (text.startsWith('${', i) || text.startsWith('%{', i)) {
      const end = closingBrace(text, i + 2);
      if (end === NOT_CLOSED) {
        return { ok: false, error: { kind: 'unclosed-interpolation', index: i, detail: `unclosed "${text.slice(i, i + 2)}" at character ${i} (${excerpt(text, i)})` } };
      }
      found.push({ kind: text[i] === '$' ? 'interpolation' : 'directive', start: i, end: end + 1, expression: text.slice(i + 2, end) });
      i = end + 1;
    } else {
      i++;
    }
  }
  return { ok: true, value: found };
}

const LITERAL_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A JSON-syntax template string as an HCL quoted template (what an HCL parser reads): literal parts
 * escaped, interpolations kept verbatim. `origin[i]` is the index in `text` of character `i` of the
 * result. An unclosed interpolation is an error value.
 */
export function quotedTemplate(text: string): { readonly ok: true; readonly quoted: string; readonly origin: readonly number[] } | { readonly ok: false; readonly error: UnclosedInterpolation } {
  const scan = scanInterpolations(text);
  if (!scan.ok) return scan;
  let quoted = '"';
  const origin: number[] = [0];
  let next = 0;
  const literal = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      for (const char of LITERAL_ESCAPES[text[k]] ?? text[k]) {
        quoted += char;
        origin.push(k);
      }
    }
  };
  for (const interpolation of scan.value) {
    literal(next, interpolation.start);
    for (let k = interpolation.start; k < interpolation.end; k++) {
      quoted += text[k];
      origin.push(k);
    }
    next = interpolation.end;
  }
  literal(next, text.length);
  quoted += '"';
  origin.push(text.length);
  return { ok: true, quoted, origin };
}
