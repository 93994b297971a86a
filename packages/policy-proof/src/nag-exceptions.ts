/**
 * What an exception is: it allows one rule's findings on one statement and carries its reason (a reason
 * shorter than MIN_REASON_LENGTH is itself an error). The exceptions themselves live with the stack
 * whose policy needs them (stacks/<stack>/proof/).
 */

/** Fewest characters a reason may have. */
export const MIN_REASON_LENGTH = 20;

/** One allowed finding. */
export interface NagException {
  /** Rule id (`RAXX-IAM3`). */
  readonly id: string;
  /** Why the finding is acceptable. */
  readonly reason: string;
  /** The granular findings allowed (`Resource::*`); omitted, every finding of the rule. */
  readonly appliesTo?: readonly string[];
  /** Stack name; a trailing `*` matches a prefix (`pazpaz-*`). */
  readonly stack: string;
  /** Terraform address of the policy. */
  readonly address: string;
  /** Sid of the statement; omitted, every statement of the policy. */
  readonly sid?: string;
}

/** Exceptions whose reason is too short, as one-line errors. */
export function invalidExceptions(exceptions: readonly NagException[]): string[] {
  return exceptions
    .filter((e) => e.reason.trim().length < MIN_REASON_LENGTH)
    .map(
      (e) =>
        `exception ${e.id} on ${e.stack} ${e.address}${e.sid ? ` Sid ${e.sid}` : ''}: reason "${e.reason}" is shorter than ${MIN_REASON_LENGTH} characters; say why the finding is acceptable`,
    );
}

/** Whether `exception` allows `finding` of rule `id` on a statement. */
export function exceptionAllows(
  exception: NagException,
  id: string,
  finding: string,
  where: { stack: string; address: string; sid?: string },
): boolean {
  const stackMatches = exception.stack.endsWith('*') ? where.stack.startsWith(exception.stack.slice(0, -1)) : where.stack === exception.stack;
  return (
    exception.id === id &&
    stackMatches &&
    exception.address === where.address &&
    (exception.sid === undefined || exception.sid === where.sid) &&
    (exception.appliesTo === undefined || exception.appliesTo.includes(finding))
  );
}
