/**
 * The configuration's namespace: every `RAXX_*` and `TFC_*` environment variable. Each one set must be
 * known, so a typo (RAXX_PRDO_AWS_REGION) or an environment that does not exist (RAXX_QA_...) stops
 * the synthesis with the closest known name instead of being ignored, and a variable the configuration
 * reads may not be set to the empty string (which would silently keep its placeholder).
 *
 * The names the configuration reads are generated from the readers' own tables (`OVERRIDE_VARIABLES`,
 * `TERRAFORM_CLOUD_VARIABLES`); the names read elsewhere in the repository (the run task server, the
 * test runner, Terraform Cloud itself) are listed in `READ_ELSEWHERE`, and a test checks that every
 * name the repository's code spells is known (test/variables.test.ts).
 */
import { CREDENTIAL_VARIABLE_NAMES, CredentialsConfig } from './credential-slots';
import { ENVIRONMENT_NAMES } from './environments';
import { ConfigurationError } from './configuration-error';
import { OVERRIDE_VARIABLES, OVERRIDE_VALUES } from './overrides';
import { TERRAFORM_CLOUD_VARIABLES, TERRAFORM_CLOUD_VALUES } from './terraform-cloud';

/** Variables of the namespace: the ones that must be known. */
export const CONFIGURATION_NAMESPACE = /^(RAXX|TFC)_/;

/** A variable of the namespace and who reads it. */
export interface KnownVariable {
  readonly name: string;
  /** What it takes (for the empty-value message). */
  readonly takes: string;
  /** Who reads it: `@raxx/config`, or the tool that does. */
  readonly readBy: string;
  /** What leaving it unset means, for a variable the configuration reads. @default - not read by the configuration */
  readonly whenUnset?: string;
}

const CONFIGURATION = '@raxx/config';
const RUN_TASK_SERVER = 'the run task server (rotate run-task serve)';
const TEST_RUNNER = 'the test runner (scripts/jest/temp-root-setup.js)';
const TERRAFORM_CLOUD_RUN = 'Terraform Cloud, in a run (set by the terraform-cloud stack or by Terraform Cloud itself)';

/** Variables of the namespace that something other than `@raxx/config` reads; their readers judge their values. */
export const READ_ELSEWHERE: readonly KnownVariable[] = [
  { name: 'RAXX_RUN_TASK_HMAC_KEY', takes: "the run task's HMAC key", readBy: RUN_TASK_SERVER },
  { name: 'RAXX_RUN_TASK_PLAN_TIMEOUT_MS', takes: 'a timeout in milliseconds', readBy: RUN_TASK_SERVER },
  { name: 'RAXX_RUN_TASK_REVIEW_TIMEOUT_MS', takes: 'a timeout in milliseconds', readBy: RUN_TASK_SERVER },
  { name: 'RAXX_TEST_TMP_ROOT', takes: "the test run's private temporary directory", readBy: TEST_RUNNER },
  { name: 'RAXX_TEST_TMP_PARENT', takes: 'the TMPDIR before the test run (possibly empty)', readBy: TEST_RUNNER },
  // Workspace variables of the terraform-cloud stack (provider-variables.ts): AWS dynamic credentials.
  { name: 'TFC_AWS_PROVIDER_AUTH', takes: 'true', readBy: TERRAFORM_CLOUD_RUN },
  { name: 'TFC_AWS_RUN_ROLE_ARN', takes: 'an IAM role ARN', readBy: TERRAFORM_CLOUD_RUN },
  { name: 'TFC_AWS_PLAN_ROLE_ARN', takes: 'an IAM role ARN', readBy: TERRAFORM_CLOUD_RUN },
  { name: 'TFC_AWS_APPLY_ROLE_ARN', takes: 'an IAM role ARN', readBy: TERRAFORM_CLOUD_RUN },
  { name: 'TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE', takes: 'an audience', readBy: TERRAFORM_CLOUD_RUN },
  { name: 'TFC_WORKLOAD_IDENTITY_TOKEN', takes: 'a workload identity token', readBy: TERRAFORM_CLOUD_RUN },
  // What Terraform Cloud sets in every run's environment.
  { name: 'TFC_RUN_ID', takes: 'a run id', readBy: TERRAFORM_CLOUD_RUN },
  { name: 'TFC_WORKSPACE_NAME', takes: 'a workspace name', readBy: TERRAFORM_CLOUD_RUN },
  { name: 'TFC_WORKSPACE_SLUG', takes: 'organization/workspace', readBy: TERRAFORM_CLOUD_RUN },
  { name: 'TFC_PROJECT_NAME', takes: 'a project name', readBy: TERRAFORM_CLOUD_RUN },
  { name: 'TFC_CONFIGURATION_VERSION_GIT_BRANCH', takes: 'a branch', readBy: TERRAFORM_CLOUD_RUN },
  { name: 'TFC_CONFIGURATION_VERSION_GIT_COMMIT_SHA', takes: 'a commit', readBy: TERRAFORM_CLOUD_RUN },
  { name: 'TFC_CONFIGURATION_VERSION_GIT_TAG', takes: 'a tag', readBy: TERRAFORM_CLOUD_RUN },
];

/** Every variable `@raxx/config` reads, generated from its readers' tables. */
function readByConfiguration(): KnownVariable[] {
  const read = (name: string, takes: string, whenUnset: string): KnownVariable => ({ name, takes, readBy: CONFIGURATION, whenUnset });
  const credentials = Object.keys(CREDENTIAL_VARIABLE_NAMES) as (keyof CredentialsConfig)[];
  const perEnvironment = ENVIRONMENT_NAMES.flatMap((env) => [
    read(OVERRIDE_VARIABLES.accountId(env), OVERRIDE_VALUES.accountId, `the placeholder account of ${env}`),
    read(OVERRIDE_VARIABLES.region(env), OVERRIDE_VALUES.region, 'us-east-1'),
    ...credentials.flatMap((credential) => [
      read(OVERRIDE_VARIABLES.credentialSlots(env, credential), OVERRIDE_VALUES.credentialSlots, 'slot a, no second slot'),
      read(OVERRIDE_VARIABLES.credentialMaxAge(env, credential), OVERRIDE_VALUES.credentialMaxAge, '90 days'),
    ]),
    read(OVERRIDE_VARIABLES.githubReviewers(env), OVERRIDE_VALUES.githubReviewers, 'no reviewers'),
    read(OVERRIDE_VARIABLES.tomodaIdentity(env), 'an identity mode such as access-keys or workload-identity', 'access-keys (the seed)'),
    read(OVERRIDE_VARIABLES.tomodaOidcIssuer(env), 'a GKE issuer URL https://container.googleapis.com/v1/projects/<project>/locations/<location>/clusters/<cluster>', `the placeholder issuer of ${env}`),
    read(OVERRIDE_VARIABLES.tomodaOidcProvider(env), 'create or existing', 'create'),
  ]);
  return [
    ...perEnvironment,
    read(OVERRIDE_VARIABLES.freescoutAccountId, OVERRIDE_VALUES.accountId, "prod's placeholder account"),
    read(OVERRIDE_VARIABLES.freescoutOidc, OVERRIDE_VALUES.flag, 'false'),
    read(OVERRIDE_VARIABLES.cloudflareAccountId, OVERRIDE_VALUES.cloudflareAccountId, 'the placeholder Cloudflare account'),
    read(OVERRIDE_VARIABLES.terraformCloudOrganization, OVERRIDE_VALUES.terraformCloudOrganization, 'the local backend'),
    read(TERRAFORM_CLOUD_VARIABLES.project, TERRAFORM_CLOUD_VALUES.name, 'raxx-credentials'),
    read(TERRAFORM_CLOUD_VARIABLES.agentPool, TERRAFORM_CLOUD_VALUES.name, 'raxx-cluster-agents'),
    read(TERRAFORM_CLOUD_VARIABLES.runTaskUrl, TERRAFORM_CLOUD_VALUES.runTaskUrl, 'the placeholder (outside Terraform Cloud mode only)'),
    read(TERRAFORM_CLOUD_VARIABLES.runTaskHmacKeyVersion, 'a whole number from 1 (the run task HMAC key version)', '1'),
  ];
}

/** Every known variable of the namespace, by name. */
export function knownVariables(): ReadonlyMap<string, KnownVariable> {
  return new Map([...readByConfiguration(), ...READ_ELSEWHERE].map((variable) => [variable.name, variable]));
}

/** Levenshtein distance of `a` and `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The known name closest to `name` (ties: the first in alphabetical order), or undefined when none is close. */
export function closestKnownName(name: string, known: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of [...known].sort()) {
    const distance = editDistance(name, candidate);
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= Math.ceil(name.length / 3) ? best.name : undefined;
}

/** RAXX_QA_AWS_REGION -> `qa` when the rest is a per-environment variable's and `QA` is no environment. */
function unknownEnvironment(name: string, known: ReadonlyMap<string, KnownVariable>): string | undefined {
  const match = /^RAXX_([A-Z0-9]+)_(.+)$/.exec(name);
  if (!match || (ENVIRONMENT_NAMES as readonly string[]).includes(match[1].toLowerCase())) return undefined;
  const perEnvironment = ENVIRONMENT_NAMES.some((env) => known.has(`RAXX_${env.toUpperCase()}_${match[2]}`));
  return perEnvironment ? match[1].toLowerCase() : undefined;
}

function unknownMessage(name: string, known: ReadonlyMap<string, KnownVariable>): string {
  const environment = unknownEnvironment(name, known);
  const why = environment ? ` (there is no environment "${environment}"; environments: ${ENVIRONMENT_NAMES.join(', ')})` : '';
  const closest = closestKnownName(name, known.keys());
  const hint = closest ? `; did you mean ${closest}?` : '; packages/config/README.md lists every variable';
  return `${name} is not a known variable${why}${hint}`;
}

/**
 * Refuses an unknown `RAXX_*`/`TFC_*` name in `vars` (the first, in alphabetical order, naming the
 * closest known one) and an empty value of a variable the configuration reads.
 */
export function checkConfigurationVariables(vars: NodeJS.ProcessEnv): void {
  const known = knownVariables();
  const names = Object.keys(vars).filter((name) => CONFIGURATION_NAMESPACE.test(name)).sort();
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const others = unknown.length > 1 ? ` (also unknown: ${unknown.slice(1).join(', ')})` : '';
    throw new ConfigurationError(`${unknownMessage(unknown[0], known)}${others}`);
  }
  for (const name of names) {
    const variable = known.get(name) as KnownVariable;
    if (vars[name] === '' && variable.whenUnset !== undefined) {
      throw new ConfigurationError(`${name} is set but empty; set it to ${variable.takes}, or unset it for ${variable.whenUnset}`);
    }
  }
}
