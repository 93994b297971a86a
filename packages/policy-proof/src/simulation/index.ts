/**
 * `@raxx/policy-proof/simulation`: the seed sentences proven by IAM simulation (@cloud-copilot/iam-simulate,
 * AGPL, a devDependency). Only tests and the access report load this entry point.
 */
export * from './access-report';
export * from './access-simulator';
export * from './prove';
