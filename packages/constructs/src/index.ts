export * from './policy-statement';
export * from './raxx-stack';
export * from './rotation-metadata';
export * from './account-aws-provider';
