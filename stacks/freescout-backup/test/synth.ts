/** Test harness: the shared synthesis helpers of @raxx/constructs, under the names these tests use. */
export { parsePolicy, resolveIn, synthesizeStack as synthesize } from '@raxx/constructs/testing';
export type { SynthesizedStack as Synthesized } from '@raxx/constructs/testing';
