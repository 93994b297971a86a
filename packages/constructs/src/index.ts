export * from './policy-statement';
export * from './raxx-stack';
export * from './rotation-metadata';
export * from './testing';
export * from './account-aws-provider';
export * from './two-slot-credential';
