/**
 * Terraform traversals as `@cdktf/hcl2json` prints them (dots between segments, `.0.` for `[0]`,
 * `."k".` for `["k"]`), split into segments.
 */

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
