import { loadPlatformConfig } from '@raxx/config';
import { PazpazStack, taskExecutionStatements } from '../src';
import { parsePolicy, synthesize } from './synth';

const { dev } = loadPlatformConfig({}).environments;

const DEV_EXECUTION_STATEMENTS = [
  {
    Sid: 'ECRAccess',
    Effect: 'Allow',
    Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
    Resource: '*',
  },
  {
    Sid: 'CloudWatchLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: 'arn:aws:logs:us-east-1:111111111111:log-group:/ecs/pazpaz-backend-dev:*',
  },
  {
    Sid: 'SecretsManagerForEnv',
    Effect: 'Allow',
    Action: 'secretsmanager:GetSecretValue',
    Resource: [
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:pazpaz/database-url-*',
      'arn:aws:secretsmanager:us-east-1:111111111111:secret:pazpaz/redis-url-*',
    ],
  },
];

describe('the ECS task execution role (pazpaz-ecs-iam-roles.txt, section 1)', () => {
  const { json } = synthesize((app) => new PazpazStack(app, { environment: dev }));
  const role = json.resource.aws_iam_role.task_execution;
  const inline = json.resource.aws_iam_role_policy.task_execution;

  test('the execution role of dev is pazpaz-ecs-task-execution-role-dev', () => {
    expect(role.name).toBe('pazpaz-ecs-task-execution-role-dev');
    expect(role.description).toBe('ECS task execution role for PazPaz backend (dev)');
  });

  test('the AWS managed AmazonECSTaskExecutionRolePolicy is attached to the execution role', () => {
    const attachment = json.resource.aws_iam_role_policy_attachment.task_execution_managed;
    expect(attachment.role).toBe('${aws_iam_role.task_execution.name}');
    expect(attachment.policy_arn).toBe('arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy');
  });

  test('the inline policy pazpaz-execution-secrets is put on the execution role by reference', () => {
    expect(inline.name).toBe('pazpaz-execution-secrets');
    expect(inline.role).toBe('${aws_iam_role.task_execution.name}');
  });

  test('the policy has the Sids ECRAccess, CloudWatchLogs and SecretsManagerForEnv, in the seed order', () => {
    expect(parsePolicy(inline).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['ECRAccess', 'CloudWatchLogs', 'SecretsManagerForEnv']);
  });

  test("ECS may pull images, write to dev's log group and read only dev's database and redis URLs", () => {
    const document = parsePolicy(inline);
    expect(document.Version).toBe('2012-10-17');
    expect(document.Statement).toHaveLength(DEV_EXECUTION_STATEMENTS.length);
    DEV_EXECUTION_STATEMENTS.forEach((expected, i) => expect(document.Statement[i]).toEqual(expected));
  });

  test("the execution role cannot read the application's own secrets", () => {
    const resources = JSON.stringify(parsePolicy(inline).Statement.map((s: { Resource: unknown }) => s.Resource));
    expect(resources).not.toMatch(/encryption-key|jwt-secret|email-credentials/);
  });

  test('taskExecutionStatements is the single source of the inline policy', () => {
    expect(taskExecutionStatements(dev)).toEqual(DEV_EXECUTION_STATEMENTS);
  });
});
