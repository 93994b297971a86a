/**
 * Aembit, the out-of-band consumer of an environment's R2 backup key
 * (ghost-r2-backup-jit-credentials.txt): the credential provider `aembit_credential_provider.r2_backup`
 * stores the key (`access_key_id = var.r2_access_key_id`, `secret_key = var.r2_secret_key`) and
 * the proxy hands the nightly job a just-in-time copy. Terraform here does not manage Aembit, so a
 * rotation must update it by hand; this declaration gives that step to the rotation runbook.
 */
import { AembitR2ProviderConfig, EnvironmentName } from '@raxx/config';
import { OutOfBandConsumer } from '@raxx/constructs';

/** Props of {@link aembitConsumer}. */
export interface AembitConsumerProps {
  readonly environmentName: EnvironmentName;
  /** Where Aembit keeps the key, and where the backup runs. */
  readonly aembit: AembitR2ProviderConfig;
  /** The bucket the backup writes to (plain name). */
  readonly bucketName: string;
  /** Cloudflare account of the bucket (its S3 endpoint). */
  readonly cloudflareAccountId: string;
  /** Names of the outputs that carry the access key id and the secret. */
  readonly outputs: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Shell variables the runbook fills from the outputs (never printed). */
export const AEMBIT_FIELDS = { accessKeyId: 'R2_ACCESS_KEY_ID', secretKey: 'R2_SECRET_KEY' } as const;

/** The Aembit consumer of one environment's R2 key, for `declareOutOfBandConsumers`. */
export function aembitConsumer(props: AembitConsumerProps): OutOfBandConsumer {
  const { aembit } = props;
  const endpoint = `https://${props.cloudflareAccountId}.r2.cloudflarestorage.com`;
  // The seed's own fetch and rclone call; --s3-no-check-bucket because the token may not CreateBucket.
  const listWithJitCredential = [
    `CREDS=$(curl -sf ${aembit.proxyCredentialsUrl})`,
    `AWS_ACCESS_KEY_ID=$(echo "$CREDS" | jq -r .access_key_id) AWS_SECRET_ACCESS_KEY=$(echo "$CREDS" | jq -r .secret_access_key) rclone lsf "r2:${props.bucketName}" --max-depth 1 --s3-provider Cloudflare --s3-endpoint "${endpoint}" --s3-no-check-bucket > /dev/null`,
    'echo "Aembit serves the new R2 key"',
  ].join(' && ');
  return {
    name: 'Aembit',
    place: `Aembit credential provider "${aembit.credentialProviderName}" (\`${aembit.credentialProvider}\`, variables \`${aembit.accessKeyIdVariable}\` and \`${aembit.secretKeyVariable}\`), served to \`${aembit.clientWorkload}\` on ${aembit.backupHost}`,
    fields: { [AEMBIT_FIELDS.accessKeyId]: props.outputs.accessKeyId, [AEMBIT_FIELDS.secretKey]: props.outputs.secretAccessKey },
    update: [
      {
        description: `apply the Aembit configuration (its directory in $AEMBIT_TF_DIR) with the new key: ${aembit.credentialProvider} is the only change`,
        command: `TF_VAR_${aembit.accessKeyIdVariable}="$${AEMBIT_FIELDS.accessKeyId}" TF_VAR_${aembit.secretKeyVariable}="$${AEMBIT_FIELDS.secretKey}" terraform -chdir="$AEMBIT_TF_DIR" apply`,
      },
    ],
    check: [
      {
        description: `on ${aembit.backupHost}: fetch a just-in-time credential from the Aembit proxy and list ${props.bucketName} with it`,
        command: `ssh ${aembit.backupHost} '${listWithJitCredential}'`,
      },
    ],
    expect: `"Aembit serves the new R2 key": the old token is deleted by the apply, so only the new key can list the bucket. Aembit's audit log shows the request of ${aembit.clientWorkload} for "${aembit.credentialProviderName}". Until this passes, tonight's backup fails (the seed: a failed fetch stops the backup and alerts).`,
    source: 'ghost-r2-backup-jit-credentials.txt',
  };
}
