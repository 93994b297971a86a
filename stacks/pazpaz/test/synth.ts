/** Test harness: the shared synthesis helpers of @raxx/constructs, under the names these tests use. */

// cdktf's record of where each token was created is not source-mapped in these tests (see the helper).

export { parsePolicy, resolveIn, synthesizeStack as synthesize } from '@raxx/constructs/testing';
export type { SynthesizedStack as Synthesized } from '@raxx/constructs/testing';
