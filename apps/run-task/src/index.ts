/** The Terraform Cloud run task and run-plan download (server and I/O at the edges, checks pure). */
export * from './outcomes';
export * from './payload';
export * from './planned-policies';
export * from './result-body';
export * from './review';
export * from './serve';
export * from './server';
export * from './signature';
export * from './strict-verify';
export * from '@raxx/tfc-api/tfc-address';
export * from '@raxx/tfc-api/tfc-client';
export * from './workspace';
