/** The Terraform Cloud API client: the address in force and the HTTP calls the run task and `rotate verify --run` make. */
export * from './tfc-address';
export * from './tfc-client';
