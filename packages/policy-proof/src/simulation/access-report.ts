/**
 * The access matrix a reviewer reads next to a Terraform Cloud plan: per stack, per principal, every
 * request of the seeds' sentences with the simulator's decision and the deciding statement.
 * Building it simulates (test/report-time only); rendering is a pure function of the matrix.
 */
import { PlatformConfig } from '@raxx/config';
import { resolveAllPrincipals } from '../stack-references';
import { SynthesizedStack } from '../synthesized-stack';
import { AccessSentence } from '../access-sentence';
import { CheckOutcome, proveSentence } from './prove';

/** One principal's rows. */
export interface PrincipalAccess {
  readonly address: string;
  readonly name: string;
  readonly arn: string;
  readonly outcomes: readonly CheckOutcome[];
}

/** The matrix of one stack. */
export interface StackAccess {
  readonly stack: string;
  readonly principals: readonly PrincipalAccess[];
}

/** Simulates every sentence (of the stacks' proofs) on `stacks`. */
export async function buildAccessMatrix(stacks: readonly SynthesizedStack[], config: PlatformConfig, sentences: readonly AccessSentence[]): Promise<StackAccess[]> {
  const principals = resolveAllPrincipals(stacks, config);
  const names = new Set(stacks.map((s) => s.name));
  const covered = sentences.filter((s) => names.has(s.stack));
  const outcomes = (await Promise.all(covered.map((s) => proveSentence(s, principals)))).flat();
  return stacks
    .map((stack) => ({
      stack: stack.name,
      principals: principals
        .filter((p) => p.stack === stack.name)
        .map((p) => ({ address: p.address, name: p.name, arn: p.arn, outcomes: outcomes.filter((o) => o.principal === p) })),
    }))
    .filter((s) => s.principals.length > 0);
}

/** Checks whose decision contradicts the seed. */
export function contradictions(matrix: readonly StackAccess[]): CheckOutcome[] {
  return matrix.flatMap((s) => s.principals.flatMap((p) => p.outcomes.filter((o) => !o.holds)));
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The matrix as markdown. */
export function renderAccessMatrix(matrix: readonly StackAccess[]): string {
  const lines: string[] = ['# Access matrix', ''];
  lines.push('Every request below is simulated (IAM policy evaluation with conditions) on the synthesized Terraform JSON.');
  lines.push('"Decisive statement" is the statement that allowed the request; a denied request with none is an implicit deny.');
  lines.push('');
  const total = matrix.reduce((n, s) => n + s.principals.reduce((m, p) => m + p.outcomes.length, 0), 0);
  const failing = contradictions(matrix).length;
  lines.push(`**${total} requests, ${failing === 0 ? 'all as the seeds say' : `${failing} contradicting the seeds`}.**`, '');
  for (const stack of matrix) {
    lines.push(`## ${stack.stack}`, '');
    for (const principal of stack.principals) {
      lines.push(`### ${principal.name} (\`${principal.address}\`)`, '', `\`${principal.arn}\` — ${principal.outcomes.length} requests`, '');
      if (principal.outcomes.length === 0) {
        lines.push('_No sentence of the seeds covers this principal._', '');
        continue;
      }
      lines.push('| Principal / request | Action | Resource | Context | Decision | Decisive statement | Seed says | Sentence |');
      lines.push('|---|---|---|---|---|---|---|---|');
      for (const o of principal.outcomes) {
        const check = o.check;
        const who = check.kind === 'identity' ? principal.name : `${check.principal} (trust policy)`;
        const resource = check.kind === 'identity' ? check.resource : principal.arn;
        const context = check.context ? Object.entries(check.context).map(([k, v]) => `${k}=${[v].flat().join(',')}`).join('; ') : '';
        const decision = `${o.decision.decision === 'Allowed' ? 'allowed' : 'denied'}${o.holds ? '' : ' ⚠'}`;
        lines.push(
          `| ${cell(who)} | ${cell(check.action)} | ${cell(resource)} | ${cell(context)} | ${decision} | ${cell(o.decision.decisive.join('; ') || '—')} | ${check.expect.toLowerCase()} | ${cell(o.sentence.text)} (${o.sentence.seed}) |`,
        );
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}
