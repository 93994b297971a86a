export * from './app-stacks';
export * from './provider-variables';
export * from './rotation-run-task';
export * from './stack-workspace';
export * from './terraform-cloud-stack';
