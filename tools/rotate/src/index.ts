/**
 * tools/rotate: rotation plans derived from the synthesized graph, verified against real Terraform plans.
 * (The benchmark functions, src/bench.ts, are not part of this API: `npm run bench` loads them directly.)
 */
export * from './errors';
export * from './graph';
export * from './runbook';
export * from './predict';
export * from './references';
export * from './render-json';
export * from './render-markdown';
export * from './render-terminal';
export * from './replacement-table';
export * from './shadow';
export * from './synth-output';
export * from './targets';
export * from './verify';
