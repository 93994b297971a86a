/**
 * The environment variables of Tomoda's identity declaration (tomoda-identity.ts), read the way
 * overrides.ts reads every other: unset or empty keeps the default, a malformed value is a one-line
 * ConfigurationError that names the variable and what it takes.
 */
import type { EnvironmentName } from './environments';
import { ConfigurationError } from './configuration-error';
import { OVERRIDE_VARIABLES } from './overrides';
import {
  GKE_ISSUER,
  GKE_ISSUER_FORM,
  OIDC_PROVIDER_SOURCES,
  OidcProviderSource,
  TOMODA_IDENTITY_MODES,
  TomodaIdentityConfig,
  parseTomodaIdentityMode,
} from './tomoda-identity';

function value(vars: NodeJS.ProcessEnv, name: string): string | undefined {
  const text = vars[name];
  return text === undefined || text === '' ? undefined : text;
}

/** `base` with the overrides of `env` applied. */
export function tomodaIdentityFrom(vars: NodeJS.ProcessEnv, env: EnvironmentName, base: TomodaIdentityConfig): TomodaIdentityConfig {
  const modeVariable = OVERRIDE_VARIABLES.tomodaIdentity(env);
  const modeText = value(vars, modeVariable);
  const mode = modeText === undefined ? base.mode : parseTomodaIdentityMode(modeText);
  if (mode === undefined) throw new ConfigurationError(`${modeVariable}=${JSON.stringify(modeText)} is not an identity mode: ${TOMODA_IDENTITY_MODES.join(', ')}`);

  const issuerVariable = OVERRIDE_VARIABLES.tomodaOidcIssuer(env);
  const issuer = value(vars, issuerVariable);
  if (issuer !== undefined && !GKE_ISSUER.test(issuer)) throw new ConfigurationError(`${issuerVariable}=${JSON.stringify(issuer)} is not a GKE issuer such as ${GKE_ISSUER_FORM}`);

  const providerVariable = OVERRIDE_VARIABLES.tomodaOidcProvider(env);
  const provider = value(vars, providerVariable);
  if (provider !== undefined && !(OIDC_PROVIDER_SOURCES as readonly string[]).includes(provider)) {
    throw new ConfigurationError(`${providerVariable}=${JSON.stringify(provider)} is not an OIDC provider source: ${OIDC_PROVIDER_SOURCES.join(' or ')}`);
  }
  return { ...base, mode, oidcIssuer: issuer ?? base.oidcIssuer, oidcProvider: (provider as OidcProviderSource | undefined) ?? base.oidcProvider };
}
