import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy';
import { FreescoutConfig } from '@raxx/config';
import { declareOutOfStateCredential, policyJson } from '@raxx/constructs';
import { Construct } from 'constructs';
import { freescoutBackupStatements } from './backup-statements';

/** Name of the backup user (freescout-backup-iam-runbook.txt, "System"). */
export const BACKUP_USER_NAME = 'raxx-freescout-backup';
/** IAM path of the backup user and role (the runbook's `user/raxx/freescout/raxx-freescout-backup` ARN). */
export const BACKUP_IAM_PATH = '/raxx/freescout/';
/** Name of the user's inline policy (the runbook's `get-user-policy --policy-name`). */
export const BACKUP_POLICY_NAME = 'raxx-freescout-backup-policy';
/** Rotation target of the hand-made access key (`rotate --target freescout_backup_key`). */
export const BACKUP_KEY_TARGET = 'freescout_backup_key';
/** Rotation period of the access key ("Rotate every 90 days", runbook "Key rotation"). */
export const BACKUP_KEY_ROTATION_DAYS = 90;
/** File name of the seed the rotation runbook comes from. */
export const BACKUP_RUNBOOK = 'freescout-backup-iam-runbook.txt';

/** Props of {@link FreescoutBackupUser}. */
export interface FreescoutBackupUserProps {
  /** Account, region, bucket and repository of the backup. */
  readonly config: FreescoutConfig;
}

/**
 * The IAM user `raxx-freescout-backup` and its inline policy.
 *
 * Its access key is made by hand after `terraform apply` (runbook "Key generation") so the key
 * material is never in Terraform state: there is deliberately no `aws_iam_access_key` here. The key
 * is recorded instead as an out-of-state credential, from which `tools/rotate` derives its rotation.
 */
export class FreescoutBackupUser extends Construct {
  /** ARN of the user. */
  public readonly userArn: string;
  /** Name of the user, known at synthesis (`raxx-freescout-backup`). */
  public readonly userName: string;
  /** The `aws_iam_user` resource. */
  public readonly user: IamUser;

  constructor(scope: Construct, id: string, props: FreescoutBackupUserProps) {
    super(scope, id);
    const { config } = props;

    this.user = new IamUser(this, 'user', { name: BACKUP_USER_NAME, path: BACKUP_IAM_PATH });
    this.user.overrideLogicalId('freescout_backup');

    const policy = new IamUserPolicy(this, 'policy', {
      name: BACKUP_POLICY_NAME,
      user: this.user.name,
      policy: policyJson(freescoutBackupStatements(config)),
    });
    policy.overrideLogicalId('freescout_backup');

    declareOutOfStateCredential(this.user, {
      name: BACKUP_KEY_TARGET,
      kind: 'aws_iam_access_key',
      userName: BACKUP_USER_NAME,
      region: config.awsRegion,
      rotateEveryDays: BACKUP_KEY_ROTATION_DAYS,
      consumers: [
        {
          repository: config.repository,
          secrets: { AWS_BACKUP_ACCESS_KEY_ID: 'AccessKeyId', AWS_BACKUP_SECRET_ACCESS_KEY: 'SecretAccessKey' },
          workflow: config.workflowFile,
        },
      ],
      runbook: BACKUP_RUNBOOK,
    });

    this.userArn = this.user.arn;
    this.userName = BACKUP_USER_NAME;
  }
}
