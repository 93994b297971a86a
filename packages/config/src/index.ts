export * from './configuration-error';
export * from './credential-slots';
export * from './environments';
export * from './overrides';
export * from './terraform-cloud';
export * from './tomoda-identity';
export * from './variables';
