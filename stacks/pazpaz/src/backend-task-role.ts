import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { EnvironmentConfig } from '@raxx/config';
import { PolicyStatementJson, policyJson, statement } from '@raxx/constructs';
import { Construct } from 'constructs';
import { ecsTasksTrustPolicy } from './trust-policy';

/** Name of the task role's inline policy (the seed's `put-role-policy --policy-name`). */
export const BACKEND_TASK_POLICY_NAME = 'pazpaz-backend-permissions';

/** Name of the environment's task role: the seed's name, suffixed per "Environment Separation". */
export function backendTaskRoleName(environment: EnvironmentConfig): string {
  return `pazpaz-backend-task-role-${environment.name}`;
}

/**
 * The application's permissions, as the seed's "Permissions Policy" of section 2 lists them
 * (pazpaz-ecs-iam-roles.txt), scoped to the environment: its account instead of the seed's `*`, its
 * region, its attachments bucket. The secret names are the seed's literal ones
 * (`pazpaz/encryption-key-*`, `pazpaz/jwt-secret-*`, `pazpaz/email-credentials-*`; section 4 creates
 * `pazpaz/encryption-key-v1` and `pazpaz/jwt-secret`), without an environment segment: the account in
 * the ARN is the environment's own, so another environment's secrets stay out of reach.
 */
export function backendTaskStatements(environment: EnvironmentConfig): PolicyStatementJson[] {
  const { awsAccountId: account, awsRegion: region, pazpaz } = environment;
  const secretArn = (name: string) => `arn:aws:secretsmanager:${region}:${account}:secret:${pazpaz.secretPrefix}${name}-*`;
  const bucketArn = `arn:aws:s3:::${pazpaz.attachmentsBucket}`;
  const objectsArn = `${bucketArn}/*`;
  return [
    statement({
      sid: 'SecretsManagerAccess',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [secretArn('encryption-key'), secretArn('jwt-secret'), secretArn('email-credentials')],
      conditions: { StringEquals: { 'aws:RequestedRegion': region } },
    }),
    statement({
      sid: 'S3AttachmentsAccess',
      // "Encryption Enforced": an upload without `x-amz-server-side-encryption: AES256` is denied.
      actions: ['s3:PutObject'],
      resources: [objectsArn],
      conditions: { StringEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
    }),
    statement({
      sid: 'S3AttachmentsReadDelete',
      // Deliberate deviation from the seed (pazpaz-ecs-iam-roles.txt, S3AttachmentsAccess), which puts
      // these four actions in the statement above, under its SSE condition. GetObject, DeleteObject,
      // PutObjectTagging and GetObjectTagging requests never carry the x-amz-server-side-encryption
      // key, so under that condition they would always be denied: the application could never read an
      // attachment back. They get the same objects here, without the condition.
      actions: ['s3:GetObject', 's3:DeleteObject', 's3:PutObjectTagging', 's3:GetObjectTagging'],
      resources: [objectsArn],
    }),
    statement({
      sid: 'S3ListBucket',
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringLike: { 's3:prefix': ['workspace-*/*'] } },
    }),
    statement({
      sid: 'RDSIAMAuth',
      actions: ['rds-db:connect'],
      resources: [`arn:aws:rds-db:${region}:${account}:dbuser:*/${pazpaz.dbUser}`],
    }),
    statement({
      sid: 'CloudWatchMetrics',
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': pazpaz.metricsNamespace } },
    }),
  ];
}

/** Props of {@link PazpazBackendTaskRole}. */
export interface PazpazBackendTaskRoleProps {
  /** The environment whose account, region, secrets, bucket and database the role is scoped to. */
  readonly environment: EnvironmentConfig;
}

/**
 * `pazpaz-backend-task-role-<env>`: the identity of the running PazPaz backend (its secrets, the
 * attachments bucket, RDS IAM authentication, its metrics namespace).
 */
export class PazpazBackendTaskRole extends Construct {
  /** ARN of the role, the task definition's `taskRoleArn`. */
  public readonly roleArn: string;
  /** Name of the role, known at synthesis. */
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: PazpazBackendTaskRoleProps) {
    super(scope, id);
    const { environment } = props;

    const role = new IamRole(this, 'role', {
      name: backendTaskRoleName(environment),
      description: `Application task role for PazPaz backend (${environment.name}) with access to Secrets Manager, S3, and RDS`,
      assumeRolePolicy: ecsTasksTrustPolicy(environment.awsAccountId),
    });
    role.overrideLogicalId('backend_task');

    const policy = new IamRolePolicy(this, 'policy', {
      name: BACKEND_TASK_POLICY_NAME,
      role: role.name,
      policy: policyJson(backendTaskStatements(environment)),
    });
    policy.overrideLogicalId('backend_task');

    this.roleArn = role.arn;
    this.roleName = backendTaskRoleName(environment);
  }
}
