export * from './environments';
export * from './overrides';
