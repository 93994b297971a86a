/**
 * Terraform Cloud settings of the `terraform-cloud` stack (workspaces as code, the run task), used
 * only when TFC_ORGANIZATION is set. Identifiers, never secrets: the run task's HMAC key is a
 * sensitive Terraform variable, set outside the code.
 */
import type { EnvironmentName } from './environment-names';
import { ConfigurationError } from './configuration-error';

/** Settings of the run task that reviews every run (`rotate run-task serve`). */
export interface RunTaskConfig {
  /** Name of the organization run task. */
  readonly name: string;
  /** Public https URL of the server (behind its TLS proxy). */
  readonly url: string;
  /** Environments whose workspaces only warn on a failed result; every other workspace is blocked by it. */
  readonly advisoryEnvironments: readonly EnvironmentName[];
  /**
   * Version of the write-only HMAC key (`hmac_key_wo`): the key is not in state, so Terraform cannot
   * see it change; bumping this number sends the key again (RAXX_RUN_TASK_HMAC_KEY_VERSION, default 1).
   */
  readonly hmacKeyVersion: number;
}

/** Terraform Cloud settings. */
export interface TerraformCloudConfig {
  /** Organization (TFC_ORGANIZATION). */
  readonly organization: string;
  /** Project that holds every workspace. */
  readonly project: string;
  /** Agent pool of the workspaces that reach a cluster (their agents hold the kubeconfig). */
  readonly agentPool: string;
  /** Terraform version constraint of every workspace (saved cloud plans need >= 1.6). */
  readonly terraformVersion: string;
  readonly runTask: RunTaskConfig;
}

/** Environment variables that override the Terraform Cloud defaults. */
export const TERRAFORM_CLOUD_VARIABLES = {
  project: 'TFC_PROJECT',
  agentPool: 'TFC_AGENT_POOL',
  runTaskUrl: 'RAXX_RUN_TASK_URL',
  runTaskHmacKeyVersion: 'RAXX_RUN_TASK_HMAC_KEY_VERSION',
} as const;

/** What the Terraform Cloud variables take: the readers' messages and the registry's (variables.ts). */
export const TERRAFORM_CLOUD_VALUES = {
  name: 'a Terraform Cloud name (letters, digits, - and _)',
  runTaskUrl: 'the https URL of the run task server (rotate run-task serve)',
} as const;

/** Every stack's Terraform Cloud workspace is `raxx-<stack>` (`workspaceName` of @raxx/constructs; the run task maps it back). */
export const WORKSPACE_PREFIX = 'raxx-';

/** Placeholder URL of the run task server: it reaches no server, so Terraform Cloud mode refuses it (RAXX_RUN_TASK_URL must be given). */
export const DEFAULT_RUN_TASK_URL = 'https://run-task.raxx.example/';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,89}$/;

function name(vars: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  const value = vars[variable];
  if (value === undefined || value === '') return fallback;
  if (!NAME.test(value)) throw new ConfigurationError(`${variable}=${JSON.stringify(value)} is not ${TERRAFORM_CLOUD_VALUES.name}`);
  return value;
}

function runTaskUrl(vars: NodeJS.ProcessEnv, organization: string): string {
  const variable = TERRAFORM_CLOUD_VARIABLES.runTaskUrl;
  const value = vars[variable];
  if (value === undefined || value === '') {
    throw new ConfigurationError(`TFC_ORGANIZATION=${organization} needs ${variable}: ${TERRAFORM_CLOUD_VALUES.runTaskUrl}; the placeholder ${DEFAULT_RUN_TASK_URL} reaches no server`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${variable}=${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== 'https:' || url.username || url.password) throw new ConfigurationError(`${variable}=${JSON.stringify(value)} must be an https URL without credentials`);
  if (url.href === DEFAULT_RUN_TASK_URL) throw new ConfigurationError(`${variable}=${JSON.stringify(value)} is the placeholder; set it to ${TERRAFORM_CLOUD_VALUES.runTaskUrl}`);
  return url.href;
}

function positiveInteger(vars: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const value = vars[variable];
  if (value === undefined || value === '') return fallback;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new ConfigurationError(`${variable}=${JSON.stringify(value)} is not a positive integer`);
  return Number(value);
}

/** The Terraform Cloud settings of `organization`, with environment-variable overrides. */
export function terraformCloudConfig(vars: NodeJS.ProcessEnv, organization: string): TerraformCloudConfig {
  if (!NAME.test(organization)) throw new ConfigurationError(`TFC_ORGANIZATION=${JSON.stringify(organization)} is not a Terraform Cloud organization name`);
  return {
    organization,
    project: name(vars, TERRAFORM_CLOUD_VARIABLES.project, 'raxx-credentials'),
    agentPool: name(vars, TERRAFORM_CLOUD_VARIABLES.agentPool, 'raxx-cluster-agents'),
    terraformVersion: '~> 1.11.0',
    runTask: {
      name: 'raxx-rotate-verify',
      url: runTaskUrl(vars, organization),
      advisoryEnvironments: ['dev'],
      hmacKeyVersion: positiveInteger(vars, TERRAFORM_CLOUD_VARIABLES.runTaskHmacKeyVersion, 1),
    },
  };
}
