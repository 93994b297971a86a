/** A configuration value that cannot be used; the message names the variable and what it takes. */
export class ConfigurationError extends Error {}
