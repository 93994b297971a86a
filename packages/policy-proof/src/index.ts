/**
 * Policy proof: the synthesized stacks' principals and policies, resolved, and the rule pack.
 * The simulation (src/simulation/, @cloud-copilot/iam-simulate, AGPL) is deliberately not exported:
 * only tests and the access report load it.
 */
export * from './access-sentence';
export * from './aws-managed-policies';
export * from './check-policies';
export * from './iam-catalog';
export * from './nag-exceptions';
export * from './nag-pack';
export * from './planned-resources';
export * from './policy-document';
export * from './policy-resources';
export * from './principals';
export * from './references';
export * from './remote-state';
export * from './resolution-context';
export * from './rules/rule';
export * from './run-nag';
export * from './stack-proof';
export * from './stack-references';
export * from './synthesized-resources';
export * from './synthesized-stack';
