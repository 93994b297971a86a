/** The environments, by name: what every per-environment stack is instantiated for. */
export const ENVIRONMENT_NAMES = ['dev', 'staging', 'prod'] as const;

/** One of the environments every per-environment stack is instantiated for. */
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];
