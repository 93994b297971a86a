export * from './policy-statement';
export * from './raxx-stack';
export * from './rotation-metadata';
export * from './account-aws-provider';
export * from './github-credential-environment';
export * from './iam-arn';
export * from './github-repository';
export * from './terraform-address';
