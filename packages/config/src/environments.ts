import type { TerraformCloudConfig } from './terraform-cloud';

/**
 * The environments of every per-environment stack, declared once.
 *
 * Values here are identifiers, never secrets. Account ids are documentation placeholders
 * (override them per environment with RAXX_<ENV>_AWS_ACCOUNT_ID, see overrides.ts).
 */
import { CredentialsConfig, defaultRotatedCredential } from './credential-slots';
import { TomodaIdentityConfig, defaultTomodaIdentity } from './tomoda-identity';

import type { EnvironmentName } from './environment-names';

export * from './environment-names';

/** Tomoda (tomoda-iam-uploader-eso.txt): the uploader, the ESO reader and the cluster side. */
export interface TomodaConfig {
  /** `var.project_name` of the seed: prefix of the bucket, users and secret. */
  readonly projectName: string;
  /** Host of `S3_BASE_URL` (`local.full_domain_name` in the seed). */
  readonly assetsDomain: string;
  /** Kubernetes namespace of the backend and its secrets. */
  readonly namespace: string;
  /** Deployment that reads the projected uploader Secret (restarted after a rotation). */
  readonly backendDeployment: string;
  /** Name of the Secret that ESO writes for the backend. */
  readonly backendSecretName: string;
  /** Name of the bootstrap Secret holding the ESO reader's own key. */
  readonly esoBootstrapSecretName: string;
  /** Name of the ESO SecretStore. */
  readonly secretStoreName: string;
  /** ExternalSecret `refreshInterval`: the longest a rotated uploader key takes to reach the cluster. */
  readonly esoRefreshInterval: string;
  /**
   * Namespace and Deployment of the ESO controller (`<namespace>/deployment/<name>`): it reads the
   * ESO reader's key from the bootstrap Secret, so it is restarted after that key changes, which
   * drops any client it still holds with the old key.
   */
  readonly esoController: string;
  /** kubeconfig context of the environment's cluster. */
  readonly kubeContext: string;
  /** GitHub repository that deploys Tomoda (owner/name). */
  readonly repository: string;
  /** Access keys (the seed) or federated identities from the cluster, and the migration between them (tomoda-identity.ts). */
  readonly identity: TomodaIdentityConfig;
}

/** PazPaz (pazpaz-ecs-iam-roles.txt): ECS roles and the resources they may touch. */
export interface PazpazConfig {
  /** S3 bucket of attachments (`pazpaz-attachments-prod` in the seed). */
  readonly attachmentsBucket: string;
  /**
   * Prefix of the environment's Secrets Manager secrets: the seed's own `pazpaz/`
   * (pazpaz-ecs-iam-roles.txt, section 4 creates `pazpaz/database-url`, `pazpaz/encryption-key-v1`, ...
   * and the task definition reads `...:secret:pazpaz/database-url`). No environment segment: each
   * environment has its own AWS account, and the roles name only that account in their ARNs.
   */
  readonly secretPrefix: string;
  /** CloudWatch log group of the backend's containers. */
  readonly logGroup: string;
  /** CloudWatch metrics namespace the application may write to. */
  readonly metricsNamespace: string;
  /** Database user for RDS IAM authentication. */
  readonly dbUser: string;
  /** GitHub repository that deploys PazPaz (owner/name). */
  readonly repository: string;
}

/**
 * The Aembit credential provider that holds one environment's R2 backup key and hands the nightly job
 * a just-in-time copy (ghost-r2-backup-jit-credentials.txt, "Aembit Credential Provider
 * Configuration"). Aembit is configured outside this repository, so after a rotation its copy must be
 * updated by hand: the runbook reads these values for that step.
 */
export interface AembitR2ProviderConfig {
  /** Terraform address of the credential provider in the Aembit configuration. */
  readonly credentialProvider: string;
  /** Its display name in the Aembit tenant (the seed's `name = "R2 Backup Credentials"`). */
  readonly credentialProviderName: string;
  /** Aembit configuration variable that takes the access key id (the seed's `var.r2_access_key_id`). */
  readonly accessKeyIdVariable: string;
  /** Aembit configuration variable that takes the secret (the seed's `var.r2_secret_key`). */
  readonly secretKeyVariable: string;
  /** Client workload that fetches the credential (the seed's `aembit_client_workload.ghost_dev`). */
  readonly clientWorkload: string;
  /** Host that runs the nightly backup and the Aembit proxy. */
  readonly backupHost: string;
  /** Proxy URL the backup script fetches from (the seed's `$PROXY_URL/credentials/r2-backup`). */
  readonly proxyCredentialsUrl: string;
}

/** Ghost R2 backups (ghost-r2-backup-jit-credentials.txt). */
export interface GhostBackupConfig {
  /**
   * R2 bucket of the nightly backup: the seed's `rclone sync /var/mnt/storage "r2:$BACKUP_BUCKET"`
   * mirrors into its root (no `--backup-dir`, so no superseded copies and no expiry rule; see
   * stacks/r2-backups/src/ghost-backup-bucket.ts). With the bucket-item-scoped token, rclone may need
   * `--s3-no-check-bucket`: without it rclone may first try `CreateBucket`, which the token may not do.
   */
  readonly bucket: string;
  /** Days after which incomplete multipart uploads are aborted. */
  readonly abortMultipartDays: number;
  /** The Aembit credential provider that holds the environment's R2 key (an out-of-band consumer). */
  readonly aembit: AembitR2ProviderConfig;
}

/** Required reviewers of a GitHub Actions environment, by numeric id (GitHub's API takes ids, not names). */
export interface GithubReviewers {
  /** Team ids. */
  readonly teams: readonly number[];
  /** User ids. */
  readonly users: readonly number[];
}

/**
 * The GitHub Actions environment that receives an environment's credentials as environment secrets:
 * only jobs that declare `environment: <name>` can read them, and a protected environment admits
 * only the listed branches (and, when given, the approval of a reviewer).
 */
export interface GithubEnvironmentConfig {
  /** Name of the environment in the repository. */
  readonly name: string;
  /** Whether deployments are restricted: a branch policy, no admin bypass, and the reviewers below. */
  readonly protected: boolean;
  /** Branch name patterns that may deploy to a protected environment (custom deployment branch policy). */
  readonly deploymentBranches: readonly string[];
  /** Required reviewers of a protected environment. @default - none (the branch policy alone) */
  readonly reviewers: GithubReviewers;
}

/** Everything a per-environment stack needs to know about its environment. */
export interface EnvironmentConfig {
  /** Environment name, used in every resource name. */
  readonly name: EnvironmentName;
  /** AWS account of the environment (the provider refuses any other). */
  readonly awsAccountId: string;
  /** AWS region of the environment. */
  readonly awsRegion: string;
  /** Slots, maximum age and observation window of each in-state credential (credential-slots.ts). */
  readonly credentials: CredentialsConfig;
  readonly tomoda: TomodaConfig;
  readonly pazpaz: PazpazConfig;
  readonly ghostBackup: GhostBackupConfig;
  /** The GitHub Actions environment of this environment's credentials. */
  readonly githubEnvironment: GithubEnvironmentConfig;
}

/** FreeScout backup (freescout-backup-iam-runbook.txt): one account-level user. */
export interface FreescoutConfig {
  /** Account that holds the backup user (`<account>` in the seed's ARNs). */
  readonly awsAccountId: string;
  /** Region of the SSM parameters, the bucket and the KMS calls (`us-east-1` in the seed). */
  readonly awsRegion: string;
  /** Bucket of the backups. */
  readonly bucket: string;
  /** Object prefix of the backups, without a trailing slash. */
  readonly backupPrefix: string;
  /** SSM parameter path the workflow reads, without a trailing slash. */
  readonly ssmParameterPath: string;
  /** Repository whose workflow runs the backup (owner/name). */
  readonly repository: string;
  /** Workflow file of the backup. */
  readonly workflowFile: string;
  /** Branch the workflow runs on. */
  readonly branch: string;
  /** Opt-in: GitHub Actions OIDC provider and role, the seed's long-term path. @default false */
  readonly githubOidc: boolean;
}

/** Account-wide settings. */
export interface PlatformConfig {
  readonly environments: Readonly<Record<EnvironmentName, EnvironmentConfig>>;
  readonly freescout: FreescoutConfig;
  /** Cloudflare account of the R2 buckets. */
  readonly cloudflareAccountId: string;
  /** Repository of the Ghost backup job (owner/name). */
  readonly ghostRepository: string;
  /** Terraform Cloud organization; when set, every stack uses its own Terraform Cloud workspace. */
  readonly terraformCloudOrganization?: string;
  /** Workspaces as code and the run task (the `terraform-cloud` stack); set with the organization. */
  readonly terraformCloud?: TerraformCloudConfig;
}

const ACCOUNT_PLACEHOLDERS: Record<EnvironmentName, string> = {
  dev: '111111111111',
  staging: '222222222222',
  prod: '333333333333',
};

/** The configuration of one environment, before environment-variable overrides. */
export function defaultEnvironment(name: EnvironmentName): EnvironmentConfig {
  return {
    name,
    awsAccountId: ACCOUNT_PLACEHOLDERS[name],
    awsRegion: 'us-east-1',
    credentials: { uploaderKey: defaultRotatedCredential(), esoReaderKey: defaultRotatedCredential(), r2BackupToken: defaultRotatedCredential() },
    tomoda: {
      projectName: 'tomoda',
      assetsDomain: name === 'prod' ? 'assets.tomoda.app' : `assets-${name}.tomoda.app`,
      namespace: `tomoda-${name}`,
      backendDeployment: 'tomoda-backend',
      backendSecretName: 'tomoda-s3-uploader',
      esoBootstrapSecretName: 'tomoda-eso-aws-credentials',
      secretStoreName: 'tomoda-aws-secrets-manager',
      esoRefreshInterval: '1h',
      esoController: 'external-secrets/deployment/external-secrets',
      kubeContext: `tomoda-${name}`,
      repository: 'raxx-app/tomoda',
      identity: defaultTomodaIdentity(name, `tomoda-${name}`),
    },
    pazpaz: {
      attachmentsBucket: `pazpaz-attachments-${name}`,
      secretPrefix: 'pazpaz/',
      logGroup: `/ecs/pazpaz-backend-${name}`,
      metricsNamespace: 'PazPaz/Backend',
      dbUser: 'pazpaz',
      repository: 'raxx-app/pazpaz',
    },
    ghostBackup: {
      bucket: `ghost-backups-${name}`,
      abortMultipartDays: 1,
      aembit: {
        credentialProvider: 'aembit_credential_provider.r2_backup',
        credentialProviderName: 'R2 Backup Credentials',
        accessKeyIdVariable: 'r2_access_key_id',
        secretKeyVariable: 'r2_secret_key',
        clientWorkload: `aembit_client_workload.ghost_${name}`,
        backupHost: `ghost-${name}`,
        proxyCredentialsUrl: 'http://localhost:8080/credentials/r2-backup',
      },
    },
    githubEnvironment: {
      name,
      protected: name === 'prod',
      deploymentBranches: name === 'prod' ? ['main'] : [],
      reviewers: { teams: [], users: [] },
    },
  };
}

/** Defaults of the account-level FreeScout backup. */
export const DEFAULT_FREESCOUT: FreescoutConfig = {
  awsAccountId: ACCOUNT_PLACEHOLDERS.prod,
  awsRegion: 'us-east-1',
  bucket: 'raxx-support-attachments',
  backupPrefix: 'db-backups/freescout',
  ssmParameterPath: '/raxx/freescout',
  repository: 'raxx-app/TradeMasterAPI',
  workflowFile: 'freescout-backup.yml',
  branch: 'main',
  githubOidc: false,
};

/** Placeholder Cloudflare account id (32 hex characters, obviously not real). */
export const DEFAULT_CLOUDFLARE_ACCOUNT_ID = '0123456789abcdef0123456789abcdef';
