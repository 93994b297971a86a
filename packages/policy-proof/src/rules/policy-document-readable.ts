import { resourceDocuments } from '../policy-resources';
import { ResourceSubject, RuleResult, findings } from './rule';

/**
 * Every policy document a resource holds (identity, trust or resource policy) must be readable: a
 * required document that is missing, known only after apply, not JSON, without a Statement or with a
 * statement that has no Effect cannot be checked by any other rule, so it is a finding
 * (`Document::policy:missing`), never a silent skip.
 */
export function policyDocumentReadable({ resource }: ResourceSubject): RuleResult {
  // An optional document the configuration leaves unset (a bucket without `policy`) is not one to read.
  const documents = resourceDocuments(resource).filter(({ read }) => read.ok !== 'unset');
  if (documents.length === 0) return 'not-applicable';
  return findings(documents.flatMap(({ argument, read }) => (read.ok === false ? [`Document::${argument}:${read.problem}`] : [])));
}
