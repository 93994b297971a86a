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

/** Environment variables that override the typed defaults (documented in the README). */
export const OVERRIDE_VARIABLES = {
  accountId: (env: EnvironmentName) => `RAXX_${env.toUpperCase()}_AWS_ACCOUNT_ID`,
  region: (env: EnvironmentName) => `RAXX_${env.toUpperCase()}_AWS_REGION`,
  /** `RAXX_PROD_UPLOADER_KEY_SLOTS=b+active-standby`: slot state of one credential (credential-slots.ts). */
  credentialSlots: (env: EnvironmentName, credential: keyof CredentialsConfig) => `RAXX_${env.toUpperCase()}_${CREDENTIAL_VARIABLE_NAMES[credential]}_SLOTS`,
  /** `RAXX_PROD_UPLOADER_KEY_MAX_AGE_DAYS=30`: maximum age of one credential. */
  credentialMaxAge: (env: EnvironmentName, credential: keyof CredentialsConfig) => `RAXX_${env.toUpperCase()}_${CREDENTIAL_VARIABLE_NAMES[credential]}_MAX_AGE_DAYS`,
  githubReviewers: (env: EnvironmentName) => `RAXX_${env.toUpperCase()}_GITHUB_REVIEWERS`,
  freescoutAccountId: 'RAXX_FREESCOUT_AWS_ACCOUNT_ID',
  freescoutOidc: 'RAXX_FREESCOUT_GITHUB_OIDC',
  cloudflareAccountId: 'RAXX_CLOUDFLARE_ACCOUNT_ID',
  terraformCloudOrganization: 'TFC_ORGANIZATION',
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
  throw new ConfigurationError(`${name}=${JSON.stringify(value)} is not a flag (true, false, 1 or 0)`);
}

const SLOT_STATE = /^(a|b)(\+(absent|active-standby|inactive))?$/;
const WHOLE_DAYS = /^[1-9]\d{0,4}$/;

function credentialFrom(vars: NodeJS.ProcessEnv, env: EnvironmentName, credential: keyof CredentialsConfig, base: RotatedCredentialConfig): RotatedCredentialConfig {
  const slotsVariable = OVERRIDE_VARIABLES.credentialSlots(env, credential);
  const slotsText = read(vars, slotsVariable, SLOT_STATE, `a slot state: <a|b>[+active-standby|+inactive], e.g. ${formatSlotState({ active: 'b', other: 'active-standby' })}`);
  const slots = (slotsText === undefined ? undefined : parseSlotState(slotsText)) ?? base.slots;
  const maxAge = read(vars, OVERRIDE_VARIABLES.credentialMaxAge(env, credential), WHOLE_DAYS, 'a whole number of days between 1 and 99999');
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
  const value = read(vars, name, REVIEWERS, 'a list of GitHub reviewer ids such as team:123,user:456');
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
    awsAccountId: read(vars, OVERRIDE_VARIABLES.accountId(name), AWS_ACCOUNT, 'a 12-digit AWS account id') ?? base.awsAccountId,
    awsRegion: read(vars, OVERRIDE_VARIABLES.region(name), AWS_REGION, 'an AWS region such as us-east-1') ?? base.awsRegion,
    credentials: credentialsFrom(vars, name, base.credentials),
    githubEnvironment: reviewers ? { ...base.githubEnvironment, reviewers } : base.githubEnvironment,
  };
}

/**
 * The platform configuration: typed defaults, overridden by environment variables.
 * Pure in its argument so tests pass their own variables.
 */
export function loadPlatformConfig(vars: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const environments = Object.fromEntries(ENVIRONMENT_NAMES.map((name) => [name, environmentFrom(vars, name)])) as Record<
    EnvironmentName,
    EnvironmentConfig
  >;
  const organization = vars[OVERRIDE_VARIABLES.terraformCloudOrganization];
  return {
    environments,
    freescout: {
      ...DEFAULT_FREESCOUT,
      awsAccountId:
        read(vars, OVERRIDE_VARIABLES.freescoutAccountId, AWS_ACCOUNT, 'a 12-digit AWS account id') ?? DEFAULT_FREESCOUT.awsAccountId,
      githubOidc: readFlag(vars, OVERRIDE_VARIABLES.freescoutOidc) ?? DEFAULT_FREESCOUT.githubOidc,
    },
    cloudflareAccountId:
      read(vars, OVERRIDE_VARIABLES.cloudflareAccountId, CLOUDFLARE_ACCOUNT, 'a 32-character hex Cloudflare account id') ??
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
