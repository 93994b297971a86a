/**
 * The access sentences of tomoda-iam-uploader-eso.txt for one environment's stack, every name read
 * from the stacks' public attributes (bucket, secret, users): the proof never re-derives a name.
 */
import type { EnvironmentName, ServiceAccountRef } from '@raxx/config';
import { issuerHostPath, serviceAccountSubject } from '@raxx/config';
import { iamOidcProviderArn, terraformAddress } from '@raxx/constructs';
import type { AccessSentence, AssumeCheck, Expectation } from '@raxx/policy-proof';
import { ADMINISTRATOR, allowed, denied, secretArn } from '@raxx/policy-proof';
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
  const uploaderSentences = (principal: string, who = ''): AccessSentence[] => {
    const uploader = { seed, stack, principal };
    return [
    {
      ...uploader,
      text: who + 'the uploader writes user-generated content to its bucket: its policy is PutObject-only (PutObject, PutObjectAcl)',
      checks: [allowed('s3:PutObject', object, 'AllowS3Upload'), allowed('s3:PutObjectAcl', object, 'AllowS3Upload')],
    },
    {
      ...uploader,
      text: who + 'No s3:ListBucket — a leaked credential cannot enumerate existing objects',
      checks: [denied('s3:ListBucket', bucket(own)), denied('s3:ListBucket', bucket(own), { 's3:prefix': 'avatars/' })],
    },
    {
      ...uploader,
      text: who + 'No s3:DeleteObject — the backend cannot remove previously uploaded content',
      checks: [denied('s3:DeleteObject', object), denied('s3:DeleteObjectVersion', object)],
    },
    { ...uploader, text: who + 'No s3:GetObject — the backend never reads back from S3 directly', checks: [denied('s3:GetObject', object)] },
    {
      ...uploader,
      text: who + "the uploader cannot touch another environment's bucket",
      checks: others.flatMap((other) => [denied('s3:PutObject', `${bucket(other)}/avatars/user-42.png`)]),
    },
    {
      ...uploader,
      text: who + 'The uploader needs S3 write but no Secrets Manager read: a compromised uploader credential cannot exfiltrate other secrets',
      checks: [
        denied('secretsmanager:GetSecretValue', uploaderSecret(own)),
        denied('secretsmanager:ListSecrets', '*'),
        denied('secretsmanager:GetSecretValue', secretArn(e.awsRegion, e.awsAccountId, 'some-other-secret')),
      ],
    },
    ];
  };
  const esoReaderSentences = (principal: string, who = ''): AccessSentence[] => {
    const esoReader = { seed, stack, principal };
    return [
    {
      ...esoReader,
      text: who + 'Scoped to a single Resource ARN — the uploader secret for that environment',
      checks: [
        allowed('secretsmanager:GetSecretValue', uploaderSecret(own)),
        denied('secretsmanager:GetSecretValue', secretArn(e.awsRegion, e.awsAccountId, 'some-other-secret')),
        denied('secretsmanager:ListSecrets', '*'),
      ],
    },
    {
      ...esoReader,
      text: who + "Its policy is the absolute minimum needed for that one job: it cannot change or delete the secret",
      checks: [
        denied('secretsmanager:PutSecretValue', uploaderSecret(own)),
        denied('secretsmanager:UpdateSecret', uploaderSecret(own)),
        denied('secretsmanager:DeleteSecret', uploaderSecret(own)),
      ],
    },
    {
      ...esoReader,
      text: who + "The ESO reader for dev cannot read the prod uploader's creds and vice versa",
      checks: others.map((other) => denied('secretsmanager:GetSecretValue', uploaderSecret(other))),
    },
    {
      ...esoReader,
      text: who + 'ESO needs Secrets Manager read but no S3 anything: a compromised ESO reader credential cannot write to or delete from S3',
      checks: [
        denied('s3:PutObject', object),
        denied('s3:DeleteObject', object),
        denied('s3:GetObject', object),
        denied('s3:ListBucket', bucket(own)),
      ],
    },
    ];
  };
  return [
    ...(own.uploader ? uploaderSentences(terraformAddress(own.uploader.user)) : []),
    ...(own.esoReader ? esoReaderSentences(terraformAddress(own.esoReader.user)) : []),
    ...(own.uploaderRole ? uploaderSentences(terraformAddress(own.uploaderRole.role), 'the uploader role: ') : []),
    ...(own.esoReaderRole ? esoReaderSentences(terraformAddress(own.esoReaderRole.role), 'the ESO reader role: ') : []),
    ...webIdentitySentences(stacks, env),
  ];
}

/**
 * The trust of the two roles (workload-identity mode): exactly one service account of the
 * environment's own cluster, with the audience, may assume each; nothing else may. The other
 * environments' clusters give the "another issuer" requests (their providers, their condition keys).
 */
export function webIdentitySentences(stacks: Readonly<Record<EnvironmentName, TomodaStack>>, env: EnvironmentName): AccessSentence[] {
  const own = stacks[env];
  const provider = own.clusterOidcProvider;
  if (!provider || !own.uploaderRole || !own.esoReaderRole) return [];
  const seed = TOMODA_SEED;
  const stack = own.stackName;
  const identity = own.environment.tomoda.identity;
  const token = (prefix: string, sub: string, aud: string): AssumeCheck['context'] => ({ [`${prefix}:sub`]: sub, [`${prefix}:aud`]: aud });
  const assume = (account: ServiceAccountRef, expect: Expectation, options: { aud?: string; issuer?: { arn: string; prefix: string } } = {}): AssumeCheck => {
    const issuer = options.issuer ?? { arn: provider.providerArn, prefix: provider.conditionKeyPrefix };
    return {
      kind: 'assume',
      principal: issuer.arn,
      action: 'sts:AssumeRoleWithWebIdentity',
      context: token(issuer.prefix, serviceAccountSubject(account), options.aud ?? provider.audience),
      expect,
    };
  };
  // Another issuer: another environment's cluster, as its own provider ARN and condition keys name it,
  // or (when every environment shares the issuer) a cluster of another project.
  const otherIssuers = (Object.keys(stacks) as EnvironmentName[])
    .filter((name) => name !== env)
    .map((name) => stacks[name].environment)
    .filter((other) => other.tomoda.identity.oidcIssuer !== identity.oidcIssuer)
    .map((other) => other.tomoda.identity.oidcIssuer);
  const issuer = (url: string) => ({ arn: iamOidcProviderArn(own.environment.awsAccountId, url), prefix: issuerHostPath(url) });
  const foreign = 'https://container.googleapis.com/v1/projects/someone-else/locations/us-central1/clusters/tomoda';
  const roles = [
    { role: own.uploaderRole.role, name: own.uploaderRole.roleName, account: identity.backendServiceAccount, other: identity.esoServiceAccount },
    { role: own.esoReaderRole.role, name: own.esoReaderRole.roleName, account: identity.esoServiceAccount, other: identity.backendServiceAccount },
  ];
  return roles.flatMap(({ role, name, account, other }) => {
    const at = { seed, stack, principal: terraformAddress(role) };
    return [
      {
        ...at,
        text: `IRSA-style federated identities: ${serviceAccountSubject(account)} of the ${env} cluster may assume ${name} with its token`,
        checks: [assume(account, 'Allowed')],
      },
      {
        ...at,
        text: `another service account, another namespace, another audience or another issuer may not assume ${name}`,
        checks: [
          assume(other, 'Denied'),
          assume({ namespace: account.namespace, name: 'default' }, 'Denied'),
          assume({ namespace: 'default', name: account.name }, 'Denied'),
          assume({ namespace: 'kube-system', name: account.name }, 'Denied'),
          assume(account, 'Denied', { aud: 'https://kubernetes.default.svc' }),
          assume(account, 'Denied', { aud: 'gcp-audience' }),
          ...[...otherIssuers, foreign].map((url) => assume(account, 'Denied', { issuer: issuer(url) })),
        ],
      },
      {
        ...at,
        text: `no IAM principal, not even an administrator of the account, may assume ${name} directly`,
        checks: [
          {
            kind: 'assume',
            principal: `arn:aws:iam::${own.environment.awsAccountId}:user/admin`,
            action: 'sts:AssumeRole',
            principalPolicies: [ADMINISTRATOR],
            expect: 'Denied',
          },
        ],
      },
    ] satisfies AccessSentence[];
  });
}

