/**
 * The body of the PATCH to `task_result_callback_url` (pure): HCP Terraform's task result, JSON:API,
 * with one `task-result-outcomes` entry per check.
 */
import type { CheckOutcome } from './outcomes';

/** Media type of the callback. */
export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';

/** Longest `message` and outcome `description` sent (HCP Terraform shows them on one line). */
export const MAX_LINE = 250;

/** Longest outcome `body` sent; a longer body is cut with a note. */
export const MAX_OUTCOME_BODY = 64 * 1024;

function line(text: string): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length <= MAX_LINE ? single : `${single.slice(0, MAX_LINE - 1)}…`;
}

function body(markdown: string): string {
  return markdown.length <= MAX_OUTCOME_BODY ? markdown : `${markdown.slice(0, MAX_OUTCOME_BODY)}\n\n(cut at ${MAX_OUTCOME_BODY} characters)`;
}

/** `passed` when every check passed. */
export function taskStatus(outcomes: readonly CheckOutcome[]): 'passed' | 'failed' {
  return outcomes.length > 0 && outcomes.every((outcome) => outcome.passed) ? 'passed' : 'failed';
}

/** The callback body for `outcomes`; `url` links the result (the run's page). */
export function taskResultBody(outcomes: readonly CheckOutcome[], url?: string): Record<string, unknown> {
  const status = taskStatus(outcomes);
  const failedChecks = outcomes.filter((outcome) => !outcome.passed);
  const message =
    status === 'passed'
      ? `${outcomes.length} check(s) passed: ${outcomes.map((outcome) => outcome.description).join('; ')}`
      : `${failedChecks.length} of ${outcomes.length} check(s) failed: ${failedChecks.map((outcome) => outcome.description).join('; ')}`;
  return {
    data: {
      type: 'task-results',
      attributes: { status, message: line(message), ...(url ? { url } : {}) },
      relationships: {
        outcomes: {
          data: outcomes.map((outcome) => ({
            type: 'task-result-outcomes',
            attributes: {
              'outcome-id': outcome.id,
              description: line(outcome.description),
              body: body(outcome.body),
              ...(url ? { url } : {}),
              tags: { Status: [outcome.passed ? { label: 'Passed', level: 'info' } : { label: 'Failed', level: 'error' }] },
            },
          })),
        },
      },
    },
  };
}
