/**
 * A stack prediction in Terraform's own plan notation (`-/+`, `~`, `<=`, the `Plan:` line and
 * "Changes to Outputs"), shared by the markdown and terminal renderers. Values are never shown:
 * changed attributes print as `(sensitive value)` or `(known after apply)`.
 */
import type { PlanSummary, PredictedChange, StackPrediction } from '../predict/predict';

/** The `Plan: N to add, N to change, N to destroy.` line. */
export function summaryLine(summary: PlanSummary): string {
  return `Plan: ${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy.`;
}

/** Terraform's symbol for a change. */
export function actionSymbol(change: PredictedChange): string {
  if (change.action === 'read') return ' <=';
  if (change.action === 'update') return '  ~';
  if (change.action === 'create') return '  +';
  if (change.action === 'delete') return '  -';
  return change.createBeforeDestroy ? '+/-' : '-/+';
}

function headline(change: PredictedChange): string {
  if (change.action === 'read') return `  # ${change.address} will be read during apply`;
  if (change.action === 'update') return `  # ${change.address} will be updated in-place`;
  if (change.action === 'create') return `  # ${change.address} will be created`;
  if (change.action === 'delete') return `  # ${change.address} will be destroyed\n  # (because ${change.address} is not in configuration)`;
  return change.requested ? `  # ${change.address} will be replaced, as requested` : `  # ${change.address} must be replaced`;
}

function blockOpening(change: PredictedChange): string {
  const [kind, type, name] = change.action === 'read' ? ['data', change.type, change.address.split('.').slice(2).join('.')] : ['resource', change.type, change.address.slice(change.type.length + 1)];
  return `${actionSymbol(change)} ${kind} "${type}" "${name}" {`;
}

function changeLines(change: PredictedChange): string[] {
  if (change.action === 'create') return ['      # every computed attribute, key material included: (known after apply)'];
  if (change.action === 'delete') return ['      # every attribute: (sensitive value) -> null'];
  if (change.requested) return ['      # every computed attribute, key material included: (known after apply)'];
  return change.changedAttributes.map((attribute) => {
    const forces = change.forcedBy.some((path) => path.split('.')[0] === attribute) ? ' # forces replacement' : '';
    const literal = change.literals?.[attribute];
    if (literal) return `      ~ ${attribute} = ${JSON.stringify(literal.before)} -> ${JSON.stringify(literal.after)}${forces}`;
    return `      ~ ${attribute} = (sensitive value)${forces}`;
  });
}

/** The body of `terraform plan` output for `prediction`. */
export function terraformPlanText(prediction: StackPrediction): string {
  const lines: string[] = [];
  if (prediction.changes.length === 0 && prediction.outputChanges.length === 0) {
    return 'No changes. Your infrastructure matches the configuration.';
  }
  lines.push('Terraform will perform the following actions:', '');
  for (const change of prediction.changes) {
    lines.push(headline(change), blockOpening(change), ...changeLines(change), '    }', '');
  }
  lines.push(summaryLine(prediction.summary));
  if (prediction.outputChanges.length > 0) {
    lines.push('', 'Changes to Outputs:');
    for (const output of prediction.outputChanges) {
      const symbol = output.action === 'create' ? '+' : output.action === 'delete' ? '-' : '~';
      lines.push(`  ${symbol} ${output.name} = ${output.action === 'delete' ? 'null' : output.sensitive ? '(sensitive value)' : '(known after apply)'}`);
    }
  }
  return lines.join('\n');
}
