/**
 * The sentences of every stack's proof (stacks/<stack>/proof/), proven by IAM simulation on the
 * synthesized output of every environment.
 */
import { AccessSentence, composeProofs, resolveAllPrincipals } from '@raxx/policy-proof';
import { proveSentence } from '@raxx/policy-proof/simulation';
import { raxxProofs } from '../../src/proofs';
import { Synthesis, synthesize } from './synthesized';

const plain = synthesize();
const withOidc = synthesize({ RAXX_FREESCOUT_GITHUB_OIDC: 'true' });

function proveAll(synthesis: Synthesis, sentences: readonly AccessSentence[]): void {
  const principals = resolveAllPrincipals(synthesis.stacks, synthesis.config);
  const stacks = [...new Set(sentences.map((s) => s.stack))];
  for (const stack of stacks) {
    describe(stack, () => {
      for (const sentence of sentences.filter((s) => s.stack === stack)) {
        test(`${sentence.principal}: ${sentence.text}`, async () => {
          const outcomes = await proveSentence(sentence, principals);
          expect(outcomes.filter((o) => !o.holds).map((o) => o.message)).toEqual([]);
          expect(outcomes.length).toBe(sentence.checks.length);
        });
      }
    });
  }
}

describe('default configuration', () => {
  proveAll(plain, composeProofs(raxxProofs(plain.app)).sentences);
  test('the FreeScout GitHub OIDC role exists only when opted in', () => {
    const principals = resolveAllPrincipals(plain.stacks, plain.config).filter((p) => p.stack === 'freescout-backup');
    expect(principals.map((p) => p.address)).toEqual(['aws_iam_user.freescout_backup']);
  });
});

describe('RAXX_FREESCOUT_GITHUB_OIDC=true', () => {
  proveAll(
    withOidc,
    composeProofs(raxxProofs(withOidc.app)).sentences.filter((s) => s.stack === 'freescout-backup'),
  );
});
