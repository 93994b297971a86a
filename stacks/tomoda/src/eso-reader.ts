/**
 * `tomoda-eso-reader-{env}`: the identity External Secrets Operator uses to pull the uploader
 * credentials out of Secrets Manager (tomoda-iam-uploader-eso.txt, section "tomoda-eso-reader-{env}").
 */
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { IamUserPolicy } from '@cdktf/provider-aws/lib/iam-user-policy';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import type { RotatedCredentialConfig } from '@raxx/config';
import { IAM_ACCESS_KEY_STATUS, PolicyStatementJson, TwoSlotCredential, policyJson, statement } from '@raxx/constructs';
import { deactivateKeys } from './deactivate-keys';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';

/** Rotation target name of the ESO reader's key (and prefix of its slot addresses `eso_reader_key_a`, `eso_reader_key_b`). */
export const ESO_READER_KEY = 'eso_reader_key';

/** Props of {@link EsoReader}. */
export interface EsoReaderProps {
  /** `var.project_name` of the seed: prefix of the user name. */
  readonly projectName: string;
  /** Environment name, the suffix of the user name. */
  readonly environmentName: string;
  /** The one secret the reader may read (`aws_secretsmanager_secret.s3_uploader_creds`). */
  readonly uploaderSecret: SecretsmanagerSecret;
  /** Slot state, maximum age and observation window of the key (`credentials.esoReaderKey`). */
  readonly key: RotatedCredentialConfig;
  /** Environment variable that overrides the slot state (`RAXX_<ENV>_ESO_READER_KEY_SLOTS`). */
  readonly keySlotsVariable: string;
  /** Switch every slot's key off in place (phase 4, `workload-identity+keys-inactive`). @default false */
  readonly keysInactive?: boolean;
}

/**
 * The seed's single statement, scoped to one Resource ARN (the uploader secret of this environment):
 * the user's policy and, in workload-identity mode, the reader role's (eso-reader-role.ts).
 */
export function esoReaderStatements(uploaderSecret: SecretsmanagerSecret): PolicyStatementJson[] {
  return [statement({ actions: ['secretsmanager:GetSecretValue'], resources: [uploaderSecret.arn] })];
}

/** Name of the reader's inline policy (the seed's `aws_iam_user_policy.eso_reader_policy.name`). */
export const ESO_READER_POLICY_NAME = 'secrets-manager-read-only';

/** The ESO reader IAM user, its read-one-secret policy, its access key and the bootstrap outputs. */
export class EsoReader extends Construct {
  /** `aws_iam_user.eso_reader`. */
  public readonly user: IamUser;
  /** The key in two slots. */
  public readonly keys: TwoSlotCredential<{ readonly credential: IamAccessKey }>;
  /** The active slot's key (`aws_iam_access_key.eso_reader_key_<active>`): the one ESO uses. */
  public readonly accessKey: IamAccessKey;
  /** `aws_iam_user_policy.eso_reader_policy`. */
  public readonly policy: IamUserPolicy;
  /** Name of the IAM user (`tomoda-eso-reader-<env>`). */
  public readonly userName: string;

  constructor(scope: Construct, id: string, props: EsoReaderProps) {
    super(scope, id);
    this.userName = `${props.projectName}-eso-reader-${props.environmentName}`;

    // User
    this.user = new IamUser(this, 'user', { name: this.userName });
    this.user.overrideLogicalId('eso_reader');

    // Access key, in two slots. Emergency rotation: `terraform apply -replace` of the active slot; the
    // same apply rewrites kubernetes_secret_v1.eso_bootstrap (see eso-cluster.ts). Routine rotation:
    // switch slots (`rotate plan --strategy two-slot`), the bootstrap Secret follows the active slot.
    this.keys = new TwoSlotCredential(this, 'keys', {
      name: ESO_READER_KEY,
      config: props.key,
      slotsVariable: props.keySlotsVariable,
      status: IAM_ACCESS_KEY_STATUS,
      previousLogicalId: ESO_READER_KEY,
      createSlot: (scope, slot) => ({ credential: slot.credential(new IamAccessKey(scope, 'key', { user: this.user.name })) }),
    });
    this.accessKey = this.keys.active.credential;
    if (props.keysInactive) deactivateKeys(this.keys);

    // Policy: the seed's single statement, scoped to one Resource ARN, the uploader secret of this
    // environment. The seed's statement has no Sid, and none is added, so the document stays the seed's.
    // The helper renders the one-element Action and Resource lists as strings, which IAM reads the same.
    this.policy = new IamUserPolicy(this, 'policy', {
      name: ESO_READER_POLICY_NAME,
      user: this.user.name,
      policy: policyJson(esoReaderStatements(props.uploaderSecret)),
    });
    this.policy.overrideLogicalId('eso_reader_policy');

    // Outputs. The seed keeps them "for exactly that bootstrap moment" (an out-of-band bootstrap secret);
    // here Terraform writes the bootstrap secret itself, so they remain for break-glass inspection only.
    const accessKeyId = new TerraformOutput(this, 'access-key-id', {
      value: this.accessKey.id,
      sensitive: true,
      description: `Access key id of ${this.userName}, the identity ESO uses to read the uploader secret (bootstrap only).`,
    });
    accessKeyId.overrideLogicalId('eso_reader_access_key_id');
    const secretAccessKey = new TerraformOutput(this, 'secret-access-key', {
      value: this.accessKey.secret,
      sensitive: true,
      description: `Secret access key of ${this.userName} (bootstrap only; Terraform already writes it into the cluster).`,
    });
    secretAccessKey.overrideLogicalId('eso_reader_secret_access_key');
  }
}
