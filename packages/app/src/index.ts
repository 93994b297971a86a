export * from './raxx-app';
export * from './synthesize';
