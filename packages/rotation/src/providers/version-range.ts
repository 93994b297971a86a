/**
 * Provider version ranges as the replacement table writes them: space-separated comparators, all of
 * which must hold (`>=6.25.0 <6.26.0`). Pure; only plain `MAJOR.MINOR.PATCH` versions.
 */

type Version = readonly [number, number, number];

function parse(version: string): Version | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

const COMPARATOR = /^(>=|<=|>|<|=)?(\d+\.\d+\.\d+)$/;

/** Is `range` well formed (every comparator `op MAJOR.MINOR.PATCH`)? */
export function isVersionRange(range: string): boolean {
  const parts = range.trim().split(/\s+/);
  return parts.length > 0 && parts.every((part) => COMPARATOR.test(part));
}

/** Does `version` satisfy every comparator of `range`? A malformed version or range satisfies nothing. */
export function satisfiesRange(version: string, range: string): boolean {
  const parsed = parse(version);
  if (!parsed || !isVersionRange(range)) return false;
  return range.trim().split(/\s+/).every((part) => {
    const [, op = '=', bound] = COMPARATOR.exec(part) as RegExpExecArray;
    const order = compare(parsed, parse(bound) as Version);
    return op === '>=' ? order >= 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : op === '<' ? order < 0 : order === 0;
  });
}
