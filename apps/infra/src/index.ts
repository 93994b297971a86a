/** @raxx/infra: the composition of every stack and its synthesis (loads cdktf; the reader is `@raxx/infra/synthesis`). */
export * from './proofs';
export * from './raxx-app';
export * from './synthesize';
