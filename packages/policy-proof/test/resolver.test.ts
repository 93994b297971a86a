/**
 * Terraform references resolved against the configuration, on small hand-made stacks shaped like the
 * synthesized ones.
 */
import { loadPlatformConfig } from '@raxx/config';
import { normalizedStatements } from '../src/policy-document';
import { resolvePrincipals } from '../src/principals';
import { StackReferences, UnresolvableReferenceError, secretArnSuffix } from '../src/references';
import { resolutionContextFor } from '../src/resolution-context';
import { SynthesizedStack, TerraformJson } from '../src/synthesized-stack';

const config = loadPlatformConfig({});

function references(name: string, json: TerraformJson): StackReferences {
  const stack: SynthesizedStack = { name, json };
  return new StackReferences(stack, resolutionContextFor(name, json, config));
}

const tomodaDev: TerraformJson = {
  provider: { aws: [{ allowed_account_ids: ['111111111111'], region: 'us-east-1' }] },
  data: {
    aws_iam_policy_document: {
      uploader_policy: {
        statement: [{ sid: 'AllowS3Upload', effect: 'Allow', actions: ['s3:PutObject', 's3:PutObjectAcl'], resources: ['${aws_s3_bucket.static_assets.arn}/*'] }],
      },
    },
  },
  resource: {
    aws_s3_bucket: { static_assets: { bucket: 'tomoda-assets-dev' } },
    aws_secretsmanager_secret: { s3_uploader_creds: { name: 'tomoda-s3-uploader-dev' } },
    aws_iam_user: { uploader: { name: 'tomoda-uploader-dev' }, eso_reader: { name: 'tomoda-eso-reader-dev' } },
    aws_iam_user_policy: {
      uploader_policy: { user: '${aws_iam_user.uploader.name}', policy: '${data.aws_iam_policy_document.uploader_policy.json}' },
      eso_reader_policy: {
        user: '${aws_iam_user.eso_reader.name}',
        policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"${aws_secretsmanager_secret.s3_uploader_creds.arn}"}]}',
      },
    },
  },
};

test('${aws_s3_bucket.static_assets.arn} resolves to the bucket ARN of the environment', () => {
  expect(references('tomoda-dev', tomodaDev).resolveString('${aws_s3_bucket.static_assets.arn}/*', 'test')).toBe('arn:aws:s3:::tomoda-assets-dev/*');
});

test('a secret ARN has the configured account and region and a 6-character suffix', () => {
  const arn = references('tomoda-dev', tomodaDev).resolveString('${aws_secretsmanager_secret.s3_uploader_creds.arn}', 'test');
  expect(arn).toBe(`arn:aws:secretsmanager:us-east-1:111111111111:secret:tomoda-s3-uploader-dev-${secretArnSuffix('tomoda-s3-uploader-dev')}`);
  expect(arn).toMatch(/:secret:tomoda-s3-uploader-dev-[A-Za-z0-9]{6}$/);
});

test('the uploader policy comes from its policy document, the reader policy from its JSON string', () => {
  const principals = resolvePrincipals(references('tomoda-dev', tomodaDev));
  const uploader = principals.find((p) => p.address === 'aws_iam_user.uploader');
  expect(uploader?.arn).toBe('arn:aws:iam::111111111111:user/tomoda-uploader-dev');
  expect(uploader?.identityPolicies.map((p) => [p.address, p.via])).toEqual([['aws_iam_user_policy.uploader_policy', 'data.aws_iam_policy_document.uploader_policy']]);
  expect(normalizedStatements(uploader!.identityPolicies[0].document)[0]).toMatchObject({
    sid: 'AllowS3Upload',
    actions: ['s3:PutObject', 's3:PutObjectAcl'],
    resources: ['arn:aws:s3:::tomoda-assets-dev/*'],
  });
  const reader = principals.find((p) => p.address === 'aws_iam_user.eso_reader');
  expect(normalizedStatements(reader!.identityPolicies[0].document)[0].resources[0]).toMatch(/^arn:aws:secretsmanager:us-east-1:111111111111:secret:tomoda-s3-uploader-dev-/);
});

test('the OIDC provider and a role with a path resolve to their ARNs in the FreeScout account', () => {
  const freescout: TerraformJson = {
    provider: { aws: [{ allowed_account_ids: ['333333333333'], region: 'us-east-1' }] },
    resource: {
      aws_iam_openid_connect_provider: { github_actions: { url: 'https://token.actions.githubusercontent.com' } },
      aws_iam_role: {
        freescout_backup_github: {
          name: 'raxx-freescout-backup-github',
          path: '/raxx/freescout/',
          assume_role_policy:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${aws_iam_openid_connect_provider.github_actions.arn}"},"Action":"sts:AssumeRoleWithWebIdentity"}]}',
        },
      },
    },
  };
  const [role] = resolvePrincipals(references('freescout-backup', freescout));
  expect(role.arn).toBe('arn:aws:iam::333333333333:role/raxx/freescout/raxx-freescout-backup-github');
  expect(normalizedStatements(role.trustPolicy!.document)[0].principal).toEqual({
    Federated: 'arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com',
  });
});

test('the AWS managed AmazonECSTaskExecutionRolePolicy attachment resolves to its cited statements', () => {
  const pazpaz: TerraformJson = {
    resource: {
      aws_iam_role: { task_execution: { name: 'pazpaz-ecs-task-execution-role-dev', assume_role_policy: '{"Version":"2012-10-17","Statement":[]}' } },
      aws_iam_role_policy_attachment: {
        task_execution_managed: {
          role: '${aws_iam_role.task_execution.name}',
          policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
        },
      },
    },
  };
  const [role] = resolvePrincipals(references('pazpaz-dev', pazpaz));
  expect(role.identityPolicies.map((p) => [p.address, p.origin])).toEqual([
    ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy', 'aws-managed'],
  ]);
});

test('an unknown managed policy is an error naming it', () => {
  const pazpaz: TerraformJson = {
    resource: {
      aws_iam_role: { r: { name: 'r', assume_role_policy: '{"Statement":[]}' } },
      aws_iam_role_policy_attachment: { a: { role: '${aws_iam_role.r.name}', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } },
    },
  };
  expect(() => resolvePrincipals(references('pazpaz-dev', pazpaz))).toThrow(
    'pazpaz-dev aws_iam_role_policy_attachment.a: managed policy arn:aws:iam::aws:policy/AdministratorAccess is neither in the stack nor a known AWS managed policy (aws-managed-policies.ts)',
  );
});

test('an unresolvable reference is an error naming it', () => {
  const broken: TerraformJson = {
    resource: {
      aws_iam_user: { u: { name: 'u' } },
      aws_iam_user_policy: {
        p: {
          user: '${aws_iam_user.u.name}',
          policy: '{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"${aws_s3_bucket.missing.arn}/*"}]}',
        },
      },
    },
  };
  const resolve = () => resolvePrincipals(references('tomoda-dev', broken));
  expect(resolve).toThrow(UnresolvableReferenceError);
  expect(resolve).toThrow('tomoda-dev aws_iam_user_policy.p: cannot resolve ${aws_s3_bucket.missing.arn}: aws_s3_bucket.missing is not in stack tomoda-dev');
});

test('an attribute known only after apply is an error naming it', () => {
  const refs = references('tomoda-dev', tomodaDev);
  expect(() => refs.resolveString('${aws_iam_user.uploader.unique_id}', 'tomoda-dev x')).toThrow(
    'tomoda-dev x: cannot resolve ${aws_iam_user.uploader.unique_id}: attribute "unique_id" of aws_iam_user.uploader is not known before apply (or not modelled)',
  );
});

test('a stack whose provider names another account than the configuration is refused', () => {
  expect(() => resolutionContextFor('tomoda-dev', { provider: { aws: [{ allowed_account_ids: ['999999999999'] }] } }, config)).toThrow(
    'stack tomoda-dev: provider allows accounts 999999999999 but the configuration says 111111111111',
  );
});
