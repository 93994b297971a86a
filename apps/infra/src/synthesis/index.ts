/**
 * `@raxx/infra/synthesis`: the synthesized output, for every consumer (no cdktf loaded): ensure it is
 * current (synthesizing when needed), read it, and the record of the inputs that shaped it.
 */
export * from './ensure';
export * from './errors';
export * from './fingerprint';
export * from './reader';
export * from './record';
export * from './swap';
