/**
 * The runbooks of the non-default strategies as markdown (pure): the two-slot rotation of a key in
 * state (`--strategy two-slot`) and the emergency revocation of a key outside it (`--strategy replace`).
 */
import { backendLine, fenced, inStatePrepareSection, outOfStatePrepareSection, shell } from './markdown-blocks';
import { terraformPlanText } from './plan-text';
import type { EmergencyRevokePlan, TwoSlotGate, TwoSlotPhase, TwoSlotPlan } from '../runbook';
import { ROTATABLE_TYPES } from '../graph/targets';

function phaseSection(number: number, phase: TwoSlotPhase): string[] {
  return [
    `## ${number}. ${phase.title}`,
    '',
    `Declare \`${phase.slots}\` (packages/config is the reviewed place; the variable overrides it in this shell):`,
    '',
    shell(phase.declare),
    '',
    'Then, stack by stack:',
    '',
    shell(phase.commands),
    '',
    ...phase.expected.flatMap((prediction) => [`Expected plan of \`${prediction.stack}\` (${backendLine(prediction)}):`, '', fenced(terraformPlanText(prediction)), '']),
    `Check: ${phase.check}`,
    ...(phase.wayBack ? ['', `Way back, one line: \`${phase.wayBack.command}\` (${phase.wayBack.description}).`] : []),
    '',
  ];
}

function gateSection(number: number, gate: TwoSlotGate): string[] {
  return [`## ${number}. ${gate.title}`, '', shell(gate.commands), '', `Check: ${gate.check}`, ''];
}

/** The two-slot runbook: prepare, then every step in its contractual order, verify, risks. */
export function renderTwoSlot(plan: TwoSlotPlan): string {
  const { target, credential } = plan;
  const description = ROTATABLE_TYPES[target.type]?.description ?? target.type;
  const declared =
    credential.declaredPhase === 0
      ? `The configuration declares \`${credential.declared}\`: the rotation has not started.`
      : `The configuration declares \`${credential.declared}\`: phase ${credential.declaredPhase} is declared; if it is applied too, continue after it.`;
  const sections: string[] = [
    `# Rotate \`${target.name}\` in \`${target.stack}\`: two slots, no outage`,
    '',
    `\`${target.name}\` (${description}) is held in two slots, \`${credential.oldAddress}\` and \`${credential.newAddress}\`. ` +
      `This rotation moves it from slot \`${credential.oldSlot}\` to slot \`${credential.newSlot}\` in three reviewed configuration changes of \`${credential.slotsVariable}\` ` +
      `(\`${credential.from}\` to \`${credential.to}\`). The old credential stays valid until every consumer has moved and is proven not to use it, is then switched off in place (reversible), and only then deleted. ${declared}`,
    '',
    'For a leaked credential do not use this: the default strategy (`--strategy replace`) deletes it at once.',
    '',
    ...inStatePrepareSection(plan.prepare),
    '',
  ];
  let number = 2;
  for (const step of plan.steps) {
    sections.push(...(step.kind === 'phase' ? phaseSection(number, step) : gateSection(number, step)));
    number++;
  }
  sections.push(`## ${number}. Verify`, '', shell(plan.verification), '', `## ${number + 1}. Risks`, '', ...plan.risks.map((risk) => `- ${risk.summary} ${risk.mitigation}`));
  if (plan.warnings.length > 0) sections.push('', '## Warnings', '', ...plan.warnings.map((warning) => `- ${warning}`));
  return sections.join('\n') + '\n';
}

/** The emergency runbook of a key outside Terraform state. */
export function renderEmergencyRevoke(plan: EmergencyRevokePlan): string {
  const { target } = plan;
  const { credential } = target;
  const sections: string[] = [
    `# Emergency: revoke \`${target.name}\` in \`${target.stack}\` (out of Terraform state)`,
    '',
    `Every access key of IAM user \`${credential.userName}\` (recorded on \`${target.address}\`) is deleted at once, then the operator is told, then a replacement is issued. From ${credential.runbook}, "Emergency: revoke all keys immediately". For a routine rotation use the default strategy (create-before-delete).`,
    '',
    ...outOfStatePrepareSection(plan.prepare),
    ...plan.steps.flatMap((step, index) => [`## ${index + 2}. ${step.title}`, '', shell(step.commands), '', `Check: ${step.check}`, '']),
    `## ${plan.steps.length + 2}. Verify`,
    '',
    shell(plan.verification),
    '',
    `## ${plan.steps.length + 3}. Risks`,
    '',
    ...plan.risks.map((risk) => `- ${risk.summary} ${risk.mitigation}`),
  ];
  return sections.join('\n') + '\n';
}
