import { Annotations, App, Fn, Lazy, TerraformStack } from 'cdktf';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutTokenCreationStacks } from '../src/token-creation-stacks';

/** The creation stack cdktf recorded for a token (only error messages read it). */
function creationStackOf(token: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TokenMap } = require('cdktf/lib/tokens/private/token-map') as { TokenMap: { instance(): { lookupString(s: string): { creationStack: string[] } } } };
  return TokenMap.instance().lookupString(token).creationStack;
}

// This file checks what cdktf records, so here stacks are formatted as without the preset's setup
// file (scripts/jest/empty-creation-traces.js, which empties them in every other test file).
const emptyingFormatter = Error.prepareStackTrace;
beforeAll(() => {
  delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
});
afterAll(() => {
  Error.prepareStackTrace = emptyingFormatter;
});

describe('withoutTokenCreationStacks', () => {
  it('leaves the creation stack of tokens made inside it empty, and only inside it', () => {
    const inside = withoutTokenCreationStacks(() => [Fn.sha256('a'), Lazy.stringValue({ produce: () => 'b' })]);
    const outside = Fn.sha256('c');
    expect(inside.map(creationStackOf)).toEqual([[], []]);
    expect(creationStackOf(outside).length).toBeGreaterThan(0);
  });

  it('keeps the stack of an error thrown inside it', () => {
    let thrown: Error | undefined;
    withoutTokenCreationStacks(() => {
      try {
        throw new TypeError('bucketName must be set');
      } catch (error) {
        thrown = error as Error;
      }
    });
    expect(thrown?.stack).toMatch(/^TypeError: bucketName must be set\n {4}at .*token-creation-stacks\.test\.ts/);
  });

  it('keeps the trace of an annotation (the manifest carries it)', () => {
    const stack = withoutTokenCreationStacks(() => {
      const made = new TerraformStack(new App({ outdir: mkdtempSync(join(tmpdir(), 'token-stacks-')) }), 'annotated');
      Annotations.of(made).addWarning('the seed asks for a review');
      return made;
    });
    const warning = stack.node.metadata.find((entry) => entry.data === 'the seed asks for a review');
    expect(warning?.trace?.length).toBeGreaterThan(0);
  });

  it('restores Error.captureStackTrace, also when the run throws', () => {
    const before = Error.captureStackTrace;
    expect(() =>
      withoutTokenCreationStacks(() => {
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(Error.captureStackTrace).toBe(before);
  });
});
