/**
 * The access sentences of tomoda-iam-uploader-eso.txt for one environment's stack, every name read
 * from the stacks' public attributes (bucket, secret, users): the proof never re-derives a name.
 */
import type { EnvironmentName } from '@raxx/config';
import { terraformAddress } from '@raxx/constructs';
import type { AccessSentence } from '@raxx/policy-proof';
import { allowed, denied, secretArn } from '@raxx/policy-proof';
import type { TomodaStack } from '@raxx/stack-tomoda';

/** The seed the sentences come from. */
export const TOMODA_SEED = 'tomoda-iam-uploader-eso.txt';

/** tomoda-iam-uploader-eso.txt for the stack of `env`; the other environments' stacks give the names it must not reach. */
export function tomodaSentences(stacks: Readonly<Record<EnvironmentName, TomodaStack>>, env: EnvironmentName): AccessSentence[] {
  const own = stacks[env];
  const others = (Object.keys(stacks) as EnvironmentName[]).filter((name) => name !== env).map((name) => stacks[name]);
  const bucket = (of: TomodaStack) => `arn:aws:s3:::${of.published.assetsBucket}`;
  const uploaderSecret = (of: TomodaStack) => secretArn(of.environment.awsRegion, of.environment.awsAccountId, of.uploaderSecretName);
  const e = own.environment;
  const object = `${bucket(own)}/avatars/user-42.png`;
  const seed = TOMODA_SEED;
  const stack = own.stackName;
  const uploader = { seed, stack, principal: terraformAddress(own.uploader.user) };
  const esoReader = { seed, stack, principal: terraformAddress(own.esoReader.user) };
  return [
    {
      ...uploader,
      text: 'the uploader writes user-generated content to its bucket: its policy is PutObject-only (PutObject, PutObjectAcl)',
      checks: [allowed('s3:PutObject', object, 'AllowS3Upload'), allowed('s3:PutObjectAcl', object, 'AllowS3Upload')],
    },
    {
      ...uploader,
      text: 'No s3:ListBucket — a leaked credential cannot enumerate existing objects',
      checks: [denied('s3:ListBucket', bucket(own)), denied('s3:ListBucket', bucket(own), { 's3:prefix': 'avatars/' })],
    },
    {
      ...uploader,
      text: 'No s3:DeleteObject — the backend cannot remove previously uploaded content',
      checks: [denied('s3:DeleteObject', object), denied('s3:DeleteObjectVersion', object)],
    },
    { ...uploader, text: 'No s3:GetObject — the backend never reads back from S3 directly', checks: [denied('s3:GetObject', object)] },
    {
      ...uploader,
      text: "the uploader cannot touch another environment's bucket",
      checks: others.flatMap((other) => [denied('s3:PutObject', `${bucket(other)}/avatars/user-42.png`)]),
    },
    {
      ...uploader,
      text: 'The uploader needs S3 write but no Secrets Manager read: a compromised uploader credential cannot exfiltrate other secrets',
      checks: [
        denied('secretsmanager:GetSecretValue', uploaderSecret(own)),
        denied('secretsmanager:ListSecrets', '*'),
        denied('secretsmanager:GetSecretValue', secretArn(e.awsRegion, e.awsAccountId, 'some-other-secret')),
      ],
    },
    {
      ...esoReader,
      text: 'Scoped to a single Resource ARN — the uploader secret for that environment',
      checks: [
        allowed('secretsmanager:GetSecretValue', uploaderSecret(own)),
        denied('secretsmanager:GetSecretValue', secretArn(e.awsRegion, e.awsAccountId, 'some-other-secret')),
        denied('secretsmanager:ListSecrets', '*'),
      ],
    },
    {
      ...esoReader,
      text: "Its policy is the absolute minimum needed for that one job: it cannot change or delete the secret",
      checks: [
        denied('secretsmanager:PutSecretValue', uploaderSecret(own)),
        denied('secretsmanager:UpdateSecret', uploaderSecret(own)),
        denied('secretsmanager:DeleteSecret', uploaderSecret(own)),
      ],
    },
    {
      ...esoReader,
      text: "The ESO reader for dev cannot read the prod uploader's creds and vice versa",
      checks: others.map((other) => denied('secretsmanager:GetSecretValue', uploaderSecret(other))),
    },
    {
      ...esoReader,
      text: 'ESO needs Secrets Manager read but no S3 anything: a compromised ESO reader credential cannot write to or delete from S3',
      checks: [
        denied('s3:PutObject', object),
        denied('s3:DeleteObject', object),
        denied('s3:GetObject', object),
        denied('s3:ListBucket', bucket(own)),
      ],
    },
  ];
}

