/** @raxx/terraform-json: the synthesized Terraform JSON as the tools read it (no cdktf). */
export * from './interpolation';
export * from './json';
export * from './rotation-conventions';
export * from './traversal';
