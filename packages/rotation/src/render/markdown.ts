/**
 * A rotation plan as a markdown runbook, in the order of the cloud-platform "Rotate User AWS
 * Credentials" runbook: prepare, identify, replace, expected plan, follow-ups, verify, risks.
 */
import { backendLine, cell, fenced, inStatePrepareSection, outOfStatePrepareSection, shell } from './markdown-blocks';
import { renderEmergencyRevoke, renderTwoSlot } from './strategies';
import type { CreateBeforeDeletePlan, FollowUp, ReplaceRotationPlan, Runbook } from '../runbook';
import { terraformPlanText } from './plan-text';
import type { StackPrediction } from '../predict/predict';
import type { ReplacementTable } from '../providers/replacement-table';
import { ROTATABLE_TYPES } from '../graph/targets';

function replacementSources(predictions: readonly StackPrediction[], table: ReplacementTable): string[] {
  const types = [...new Set(predictions.flatMap((prediction) => prediction.changes.filter((change) => change.action !== 'read').map((change) => change.type)))].sort();
  return types.map((type) => {
    const entry = table[type];
    if (!entry) return `| \`${type}\` | (not in the table: assumed in place) | — |`;
    const forces = entry.forcesReplacement.map((rule) => (rule.when ? `${rule.path} (when ${rule.when.attribute} = ${String(rule.when.equals)})` : rule.path));
    return `| \`${type}\` | ${forces.length > 0 ? forces.map((path) => `\`${path}\``).join(', ') : 'none'} | ${cell(entry.source)} |`;
  });
}

function expectedSection(prediction: StackPrediction): string {
  return fenced(terraformPlanText(prediction));
}

/** One follow-up as a markdown section (`### ...`); the run task reuses it in its result. */
export function followUpSection(followUp: FollowUp): string {
  switch (followUp.kind) {
    case 'external-secret-refresh':
      return [
        `### ESO refresh of ExternalSecret \`${followUp.namespace}/${followUp.name}\` (${followUp.stack})`,
        '',
        `ESO copies the new value into Secret \`${followUp.namespace}/${followUp.targetSecret}\` within its refresh interval, **${followUp.refreshInterval}**. To skip the wait:`,
        '',
        shell(followUp.commands),
      ].join('\n');
    case 'restart-consumers':
      return [
        `### Restart the consumers in \`${followUp.namespace}\` (from the \`raxx.io/consumers\` annotation of \`${followUp.address}\`)`,
        '',
        'Pods read the Secret at start; they keep the old key until restarted.',
        '',
        shell(followUp.commands),
      ].join('\n');
    case 'secret-store-auth':
      return [
        `### SecretStore \`${followUp.namespace}/${followUp.name}\` authenticates with the new key (${followUp.stack})`,
        '',
        `The same apply rewrites the store's auth Secret; ESO re-reads it on every reconcile, so nothing restarts. ExternalSecrets using the store: ${followUp.externalSecrets.map((name) => `\`${name}\``).join(', ') || 'none found'}.`,
        ...(followUp.commands.length > 0 ? ['', shell(followUp.commands)] : []),
      ].join('\n');
    case 'apply-downstream-stack':
      return [
        `### Apply stack \`${followUp.stack}\`: it reads the key through a cross-stack reference`,
        '',
        `It reads ${followUp.reads.map((read) => `\`${read}\``).join(', ')} (${backendLine({ stack: followUp.stack, backend: followUp.backend })}). Right after the apply above:`,
        '',
        shell(followUp.commands),
        '',
        `Expected plan of \`${followUp.stack}\`:`,
        '',
        expectedSection(followUp.expected),
      ].join('\n');
    case 'out-of-band-consumer':
      return [
        `### Update ${followUp.name}, outside Terraform (declared on \`${followUp.address}\`, ${followUp.stack})`,
        '',
        `Where: ${followUp.place}. It holds a copy of ${followUp.outputs.map((name) => `\`${name}\``).join(', ')} (${followUp.source}); no plan shows it. Right after the apply:`,
        '',
        shell(followUp.commands),
        '',
        'Check it took effect:',
        '',
        shell(followUp.check),
        '',
        `Expect: ${followUp.expect}`,
      ].join('\n');
    case 'out-of-band-outputs':
      return [
        `### Outputs read outside Terraform (${followUp.stack})`,
        '',
        `${followUp.outputs.map((name) => `\`${name}\``).join(', ')}: ${followUp.note}`,
      ].join('\n');
  }
}

function renderReplace(plan: ReplaceRotationPlan, table: ReplacementTable): string {
  const { target } = plan;
  const description = ROTATABLE_TYPES[target.type]?.description ?? target.type;
  const predictions = [plan.expected, ...plan.followUps.flatMap((followUp) => (followUp.kind === 'apply-downstream-stack' ? [followUp.expected] : []))];
  const sections: string[] = [
    `# Rotate \`${target.name}\` in \`${target.stack}\``,
    '',
    `\`${target.address}\` (${description}) is in Terraform state: it is rotated by replacing the resource, and every place its material flows follows from the synthesized graph.`,
    '',
    ...inStatePrepareSection(plan.prepare),
    ...plan.prepareDownstream.flatMap((step) => [
      '',
      `Stack \`${step.stack}\` follows by cross-stack reference (${backendLine(step)}); it must start clean too:`,
      '',
      shell(step.commands),
    ]),
    '',
    '## 2. Identify',
    '',
    `The key: \`${plan.identify.address}\`. Its material flows to:`,
    '',
    '| stack | address | via | what changes |',
    '|---|---|---|---|',
    ...plan.identify.flows.map((flow) => `| ${flow.stack} | \`${flow.address}\` | ${flow.via} | ${cell(flow.description)} |`),
    '',
    '## 3. Replace',
    '',
    plan.savedPlans.note,
    '',
    shell(plan.savedPlans.create),
    '',
    shell(plan.replace.commands),
    '',
    'The `terraform taint` equivalent, for old habits (same plan, no saved plan to verify):',
    '',
    shell(plan.replace.taintCommands),
    '',
    `## 4. Expected plan of \`${plan.expected.stack}\``,
    '',
    expectedSection(plan.expected),
    '',
    'Which attributes force replacement (the tool\'s table, per resource type in the plans):',
    '',
    '| type | forces replacement | source |',
    '|---|---|---|',
    ...replacementSources(predictions, table),
    '',
    '## 5. Follow-ups',
    '',
    plan.followUps.length > 0 ? plan.followUps.map(followUpSection).join('\n\n') : 'None: nothing outside this stack holds the key.',
    '',
    '### Remove the saved plans',
    '',
    shell(plan.savedPlans.remove),
    '',
    '## 6. Verify',
    '',
    shell(plan.verification),
    '',
    '## 7. Risks',
    '',
    ...plan.risks.map((risk) => `- ${risk.summary} ${risk.mitigation}`),
  ];
  if (plan.warnings.length > 0) sections.push('', '## Warnings', '', ...plan.warnings.map((warning) => `- ${warning}`));
  return sections.join('\n') + '\n';
}

function renderCreateBeforeDelete(plan: CreateBeforeDeletePlan): string {
  const { target } = plan;
  const { credential } = target;
  const sections: string[] = [
    `# Rotate \`${target.name}\` in \`${target.stack}\` (out of Terraform state)`,
    '',
    `An AWS access key of IAM user \`${credential.userName}\` (recorded on \`${target.address}\`), made by hand so its material is never in Terraform state. Rotate every ${credential.rotateEveryDays} days or at once after a suspected exposure; zero-downtime create-before-delete, from ${credential.runbook}.`,
    '',
    ...outOfStatePrepareSection(plan.prepare),
    '## 2. Identify',
    '',
    '| repository | secret | holds | used by |',
    '|---|---|---|---|',
    ...credential.consumers.flatMap((consumer) =>
      Object.keys(consumer.secrets).sort().map((name) => `| ${consumer.repository} | \`${name}\` | ${consumer.secrets[name]} | \`${consumer.workflow}\` |`),
    ),
    '',
    '## 3. Rotate: create before delete',
    '',
    ...plan.steps.flatMap((step, index) => [`### 3.${index + 1} ${step.title}`, '', shell(step.commands), '', `Check: ${step.check}`, '']),
    '## 4. Verify',
    '',
    shell(plan.verification),
    '',
    '## 5. Risks',
    '',
    ...plan.risks.map((risk) => `- ${risk.summary} ${risk.mitigation}`),
  ];
  return sections.join('\n') + '\n';
}

/** One plan as markdown. */
/** One runbook as markdown; `table` is the replacement table its predictions were made with (its sources are cited). */
export function renderPlanMarkdown(plan: Runbook, table: ReplacementTable): string {
  switch (plan.kind) {
    case 'replace':
      return renderReplace(plan, table);
    case 'create-before-delete':
      return renderCreateBeforeDelete(plan);
    case 'two-slot':
      return renderTwoSlot(plan);
    case 'emergency-revoke':
      return renderEmergencyRevoke(plan);
  }
}

/** Several plans (one per stack), separated by rules. */
export function renderPlansMarkdown(plans: readonly Runbook[], table: ReplacementTable): string {
  return plans.map((plan) => renderPlanMarkdown(plan, table)).join('\n---\n\n');
}
