/** tools/rotate: rotation plans derived from the synthesized graph, verified against real Terraform plans. */
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
export { benchmarkPlanner, benchmarkRepoPlans, generateConfiguration, planEveryTarget } from './bench';
