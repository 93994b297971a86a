/**
 * A rotation plan for a terminal: the markdown runbook with Terraform's colors on plan symbols
 * (red/green `-/+`, yellow `~`, cyan `<=`) and bold headings. Used when stdout is a TTY.
 */
import type { Runbook } from '../runbook';
import { renderPlanMarkdown } from './markdown';
import type { ReplacementTable } from '../providers/replacement-table';

const BOLD = '\u001b[1m';
const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const YELLOW = '\u001b[33m';
const CYAN = '\u001b[36m';
const RESET = '\u001b[0m';

function colorLine(line: string): string {
  if (/^#{1,3} /.test(line)) return `${BOLD}${line}${RESET}`;
  if (line.startsWith('-/+ ')) return `${RED}-${RESET}/${GREEN}+${RESET}${line.slice(3)}`;
  if (line.startsWith('+/- ')) return `${GREEN}+${RESET}/${RED}-${RESET}${line.slice(3)}`;
  if (/^\s*~ /.test(line)) return line.replace('~', `${YELLOW}~${RESET}`);
  if (line.startsWith(' <= ')) return line.replace('<=', `${CYAN}<=${RESET}`);
  if (line.startsWith('Plan: ')) return `${BOLD}${line}${RESET}`;
  return line;
}

/** Plans with ANSI colors. */
export function renderPlansTerminal(plans: readonly Runbook[], table: ReplacementTable): string {
  return plans.map((plan) => renderPlanMarkdown(plan, table).split('\n').map(colorLine).join('\n')).join('\n');
}
