/**
 * tools/rotate: the CLI's edges (the synthesized output, the phase syntheses, output files, Terraform
 * Cloud run plans). The pure rotation core is @raxx/rotation; the run task server is @raxx/run-task.
 */
export * from './io/output-file';
export * from './io/phase-synthesis';
export * from './io/run-plan';
export * from './io/synth-output';
export * from './io/two-slot-run';
export * from './io/provider-versions';
