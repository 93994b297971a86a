import { composeProofs } from '@raxx/policy-proof';
import { buildAccessMatrix, contradictions, renderAccessMatrix } from '@raxx/policy-proof/simulation';
import { raxxProofs } from '../../src/proofs';
import { synthesize } from './synthesized';

const withOidc = synthesize({ RAXX_FREESCOUT_GITHUB_OIDC: 'true' });

test('the access matrix covers every principal of every IAM stack, with the number of cases per principal', async () => {
  const matrix = await buildAccessMatrix(withOidc.stacks, withOidc.config, composeProofs(raxxProofs(withOidc.app)).sentences);
  const counts = Object.fromEntries(matrix.flatMap((s) => s.principals.map((p) => [`${s.stack} ${p.address}`, p.outcomes.length])));
  expect(contradictions(matrix)).toEqual([]);
  expect(counts).toEqual({
    'freescout-backup aws_iam_user.freescout_backup': 37,
    'freescout-backup aws_iam_role.freescout_backup_github': 46,
    'pazpaz-dev aws_iam_role.task_execution': 28,
    'pazpaz-dev aws_iam_role.backend_task': 45,
    'pazpaz-prod aws_iam_role.task_execution': 28,
    'pazpaz-prod aws_iam_role.backend_task': 45,
    'pazpaz-staging aws_iam_role.task_execution': 28,
    'pazpaz-staging aws_iam_role.backend_task': 45,
    'tomoda-dev aws_iam_user.eso_reader': 12,
    'tomoda-dev aws_iam_user.uploader': 12,
    'tomoda-prod aws_iam_user.eso_reader': 12,
    'tomoda-prod aws_iam_user.uploader': 12,
    'tomoda-staging aws_iam_user.eso_reader': 12,
    'tomoda-staging aws_iam_user.uploader': 12,
  });
});

test('each row names the principal, the action, the resource, the decision and the decisive Sid', async () => {
  const markdown = renderAccessMatrix(await buildAccessMatrix(withOidc.stacks, withOidc.config, composeProofs(raxxProofs(withOidc.app)).sentences));
  expect(markdown).toContain('### tomoda-uploader-dev (`aws_iam_user.uploader`)');
  expect(markdown).toContain(
    '| tomoda-uploader-dev | s3:PutObject | arn:aws:s3:::tomoda-assets-dev/avatars/user-42.png |  | allowed | aws_iam_user_policy.uploader_policy (via data.aws_iam_policy_document.uploader_policy) Sid AllowS3Upload | allowed |',
  );
  expect(markdown).toContain(
    '| tomoda-uploader-dev | s3:GetObject | arn:aws:s3:::tomoda-assets-dev/avatars/user-42.png |  | denied | — | denied |',
  );
  expect(markdown).toContain(
    '| pazpaz-ecs-task-execution-role-dev | ecr:GetAuthorizationToken | * |  | allowed | aws_iam_role_policy.task_execution Sid ECRAccess; arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy statement #0 (no Sid) | allowed |',
  );
});
