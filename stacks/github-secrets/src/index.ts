export * from './github-secrets-stack';
export * from './repository';
