import {
  CREDENTIAL_VARIABLE_NAMES,
  CredentialsConfig,
  RotatedCredentialConfig,
  formatSlotState,
  parseSlotState,
} from './credential-slots';
import {
  DEFAULT_CLOUDFLARE_ACCOUNT_ID,
  DEFAULT_FREESCOUT,
  ENVIRONMENT_NAMES,
  EnvironmentConfig,
  EnvironmentName,
  GithubReviewers,
  PlatformConfig,
  defaultEnvironment,
} from './environments';
import { ConfigurationError } from './configuration-error';
import { terraformCloudConfig } from './terraform-cloud';
import { tomodaIdentityFrom } from './tomoda-identity-overrides';
import { checkConfigurationVariables } from './variables';

/** Environment variables that override the typed defaults (packages/config/README.md lists them). */
export const OVERRIDE_VARIABLES = {
  accountId: (env: EnvironmentName) => `RAXX_${env.toUpperCase()}_AWS_ACCOUNT_ID`,
  region: (env: EnvironmentName) => `RAXX_${env.toUpperCase()}_AWS_REGION`,
  /** `RAXX_PROD_UPLOADER_KEY_SLOTS=b+active-standby`: slot state of one credential (credential-slots.ts). */
  credentialSlots: (env: EnvironmentName, credential: keyof CredentialsConfig) => `RAXX_${env.toUpperCase()}_${CREDENTIAL_VARIABLE_NAMES[credential]}_SLOTS`,
  /** `RAXX_PROD_UPLOADER_KEY_MAX_AGE_DAYS=30`: maximum age of one credential. */
  credentialMaxAge: (env: EnvironmentName, credential: keyof CredentialsConfig) => `RAXX_${env.toUpperCase()}_${CREDENTIAL_VARIABLE_NAMES[credential]}_MAX_AGE_DAYS`,
  githubReviewers: (env: EnvironmentName) => `RAXX_${env.toUpperCase()}_GITHUB_REVIEWERS`,
  /** `RAXX_PROD_TOMODA_IDENTITY=workload-identity`: Tomoda's identity declaration (tomoda-identity.ts). */
  tomodaIdentity: (env: EnvironmentName) => `RAXX_${env.toUpperCase()}_TOMODA_IDENTITY`,
  /** `RAXX_PROD_TOMODA_OIDC_ISSUER=https://container.googleapis.com/v1/projects/...`: the cluster's OIDC issuer. */
  tomodaOidcIssuer: (env: EnvironmentName) => `RAXX_${env.toUpperCase()}_TOMODA_OIDC_ISSUER`,
  /** `RAXX_PROD_TOMODA_OIDC_PROVIDER=existing`: read the account's OIDC provider instead of creating it. */
  tomodaOidcProvider: (env: EnvironmentName) => `RAXX_${env.toUpperCase()}_TOMODA_OIDC_PROVIDER`,
  freescoutAccountId: 'RAXX_FREESCOUT_AWS_ACCOUNT_ID',
  freescoutOidc: 'RAXX_FREESCOUT_GITHUB_OIDC',
  cloudflareAccountId: 'RAXX_CLOUDFLARE_ACCOUNT_ID',
  terraformCloudOrganization: 'TFC_ORGANIZATION',
} as const;

/** What each kind of override takes: the readers' messages and the registry's (variables.ts). */
export const OVERRIDE_VALUES = {
  accountId: 'a 12-digit AWS account id',
  region: 'an AWS region such as us-east-1',
  credentialSlots: `a slot state: <a|b>[+active-standby|+inactive], e.g. ${formatSlotState({ active: 'b', other: 'active-standby' })}`,
  credentialMaxAge: 'a whole number of days between 1 and 99999',
  githubReviewers: 'a list of GitHub reviewer ids such as team:123,user:456',
  flag: 'a flag (true, false, 1 or 0)',
  cloudflareAccountId: 'a 32-character hex Cloudflare account id',
  terraformCloudOrganization: 'a Terraform Cloud organization name',
} as const;

const AWS_ACCOUNT = /^\d{12}$/;
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const CLOUDFLARE_ACCOUNT = /^[0-9a-f]{32}$/;

function read(vars: NodeJS.ProcessEnv, name: string, pattern: RegExp, what: string): string | undefined {
  const value = vars[name];
  if (value === undefined || value === '') return undefined;
  if (!pattern.test(value)) throw new ConfigurationError(`${name}=${JSON.stringify(value)} is not ${what}`);
  return value;
}

function readFlag(vars: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = vars[name];
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigurationError(`${name}=${JSON.stringify(value)} is not ${OVERRIDE_VALUES.flag}`);
}

const SLOT_STATE = /^(a|b)(\+(absent|active-standby|inactive))?$/;
const WHOLE_DAYS = /^[1-9]\d{0,4}$/;

function credentialFrom(vars: NodeJS.ProcessEnv, env: EnvironmentName, credential: keyof CredentialsConfig, base: RotatedCredentialConfig): RotatedCredentialConfig {
  const slotsVariable = OVERRIDE_VARIABLES.credentialSlots(env, credential);
  const slotsText = read(vars, slotsVariable, SLOT_STATE, OVERRIDE_VALUES.credentialSlots);
  const slots = (slotsText === undefined ? undefined : parseSlotState(slotsText)) ?? base.slots;
  const maxAge = read(vars, OVERRIDE_VARIABLES.credentialMaxAge(env, credential), WHOLE_DAYS, OVERRIDE_VALUES.credentialMaxAge);
  return { ...base, slots, maxAgeDays: maxAge === undefined ? base.maxAgeDays : Number(maxAge) };
}

function credentialsFrom(vars: NodeJS.ProcessEnv, env: EnvironmentName, base: CredentialsConfig): CredentialsConfig {
  return {
    uploaderKey: credentialFrom(vars, env, 'uploaderKey', base.uploaderKey),
    esoReaderKey: credentialFrom(vars, env, 'esoReaderKey', base.esoReaderKey),
    r2BackupToken: credentialFrom(vars, env, 'r2BackupToken', base.r2BackupToken),
  };
}

const REVIEWERS = /^(team|user):[1-9]\d*(,(team|user):[1-9]\d*)*$/;

/** `team:123,user:456` -> reviewer ids; undefined when unset. */
function readReviewers(vars: NodeJS.ProcessEnv, name: string): GithubReviewers | undefined {
  const value = read(vars, name, REVIEWERS, OVERRIDE_VALUES.githubReviewers);
  if (value === undefined) return undefined;
  const ids = (kind: string) => value.split(',').filter((item) => item.startsWith(`${kind}:`)).map((item) => Number(item.slice(kind.length + 1)));
  return { teams: ids('team'), users: ids('user') };
}

function environmentFrom(vars: NodeJS.ProcessEnv, name: EnvironmentName): EnvironmentConfig {
  const base = defaultEnvironment(name);
  const reviewers = readReviewers(vars, OVERRIDE_VARIABLES.githubReviewers(name));
  if (reviewers && !base.githubEnvironment.protected) {
    throw new ConfigurationError(`${OVERRIDE_VARIABLES.githubReviewers(name)} is set, but the ${name} GitHub environment is not protected; reviewers apply to protected environments only`);
  }
  return {
    ...base,
    awsAccountId: read(vars, OVERRIDE_VARIABLES.accountId(name), AWS_ACCOUNT, OVERRIDE_VALUES.accountId) ?? base.awsAccountId,
    awsRegion: read(vars, OVERRIDE_VARIABLES.region(name), AWS_REGION, OVERRIDE_VALUES.region) ?? base.awsRegion,
    credentials: credentialsFrom(vars, name, base.credentials),
    tomoda: { ...base.tomoda, identity: tomodaIdentityFrom(vars, name, base.tomoda.identity) },
    githubEnvironment: reviewers ? { ...base.githubEnvironment, reviewers } : base.githubEnvironment,
  };
}

/**
 * Each environment has its own AWS account: the roles and secrets of one are told from another's by
 * the account in their ARNs alone (PazPaz's secrets carry the seed's names, `pazpaz/database-url`,
 * without an environment segment: pazpaz-ecs-iam-roles.txt).
 */
function assertOwnAccounts(vars: NodeJS.ProcessEnv, environments: Readonly<Record<EnvironmentName, EnvironmentConfig>>): void {
  const seen = new Map<string, EnvironmentName>();
  for (const name of ENVIRONMENT_NAMES) {
    const account = environments[name].awsAccountId;
    const first = seen.get(account);
    if (first !== undefined) {
      const variable = vars[OVERRIDE_VARIABLES.accountId(name)] ? OVERRIDE_VARIABLES.accountId(name) : OVERRIDE_VARIABLES.accountId(first);
      throw new ConfigurationError(`${variable}="${account}" is the account of both ${first} and ${name}; each environment needs its own AWS account`);
    }
    seen.set(account, name);
  }
}

/**
 * The platform configuration: typed defaults, overridden by environment variables. Every `RAXX_*` and
 * `TFC_*` variable in `vars` must be known, and none the configuration reads may be empty
 * (variables.ts). Pure in its argument so tests pass their own variables.
 */
export function loadPlatformConfig(vars: NodeJS.ProcessEnv = process.env): PlatformConfig {
  checkConfigurationVariables(vars);
  const environments = Object.fromEntries(ENVIRONMENT_NAMES.map((name) => [name, environmentFrom(vars, name)])) as Record<
    EnvironmentName,
    EnvironmentConfig
  >;
  assertOwnAccounts(vars, environments);
  const organization = vars[OVERRIDE_VARIABLES.terraformCloudOrganization];
  return {
    environments,
    freescout: {
      ...DEFAULT_FREESCOUT,
      awsAccountId:
        read(vars, OVERRIDE_VARIABLES.freescoutAccountId, AWS_ACCOUNT, OVERRIDE_VALUES.accountId) ?? DEFAULT_FREESCOUT.awsAccountId,
      githubOidc: readFlag(vars, OVERRIDE_VARIABLES.freescoutOidc) ?? DEFAULT_FREESCOUT.githubOidc,
    },
    cloudflareAccountId:
      read(vars, OVERRIDE_VARIABLES.cloudflareAccountId, CLOUDFLARE_ACCOUNT, OVERRIDE_VALUES.cloudflareAccountId) ??
      DEFAULT_CLOUDFLARE_ACCOUNT_ID,
    ghostRepository: 'raxx-app/ghost-infra',
    terraformCloudOrganization: organization ? organization : undefined,
    ...(organization ? { terraformCloud: terraformCloudConfig(vars, organization) } : {}),
  };
}

/** The environment named `name`, or an error that lists the environments that exist. */
export function environmentNamed(config: PlatformConfig, name: string): EnvironmentConfig {
  if (!(ENVIRONMENT_NAMES as readonly string[]).includes(name)) {
    throw new ConfigurationError(`unknown environment "${name}"; environments: ${ENVIRONMENT_NAMES.join(', ')}`);
  }
  return config.environments[name as EnvironmentName];
}
