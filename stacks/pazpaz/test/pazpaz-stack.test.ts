import { ENVIRONMENT_NAMES, EnvironmentConfig, loadPlatformConfig } from '@raxx/config';
import { Testing } from 'cdktf';
import { PazpazStack } from '../src';
import { parsePolicy, resolveIn, synthesize } from './synth';

const environments = loadPlatformConfig({}).environments;
const dev: EnvironmentConfig = environments.dev;

function synthPazpaz(environment: EnvironmentConfig, terraformCloudOrganization?: string) {
  return synthesize((app) => new PazpazStack(app, { environment, terraformCloudOrganization }));
}

describe('the PazPaz stack of an environment (pazpaz-ecs-iam-roles.txt)', () => {
  const { json } = synthPazpaz(dev);

  test('there is one stack per environment, named pazpaz-<env>', () => {
    expect(json['//'].metadata.stackName).toBe('pazpaz-dev');
    for (const name of ENVIRONMENT_NAMES) {
      expect(new PazpazStack(Testing.app(), { environment: environments[name] }).stackName).toBe(`pazpaz-${name}`);
    }
  });

  test("the provider refuses any account but the environment's, in the environment's region", () => {
    expect(json.provider.aws).toEqual([{ region: 'us-east-1', allowed_account_ids: ['111111111111'] }]);
  });

  test('each environment keeps its own state, locally or in its own Terraform Cloud workspace', () => {
    expect(json.terraform.backend).toEqual({ local: { path: '../../../state/pazpaz-dev/terraform.tfstate' } });
    expect(synthPazpaz(dev, 'raxx').json.terraform.cloud).toEqual({ organization: 'raxx', workspaces: { name: 'raxx-pazpaz-dev' } });
  });

  test('the stack holds exactly the two roles, their inline policies and the managed policy attachment', () => {
    expect(Object.keys(json.resource).sort()).toEqual(['aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy_attachment']);
    expect(Object.keys(json.resource.aws_iam_role).sort()).toEqual(['backend_task', 'task_execution']);
    expect(Object.keys(json.resource.aws_iam_role_policy).sort()).toEqual(['backend_task', 'task_execution']);
    expect(Object.keys(json.resource.aws_iam_role_policy_attachment)).toEqual(['task_execution_managed']);
  });

  test('the role ARNs are outputs with descriptions, not marked sensitive', () => {
    expect(json.output).toEqual({
      task_execution_role_arn: {
        value: '${aws_iam_role.task_execution.arn}',
        description: expect.stringMatching(/task execution role of dev/),
      },
      backend_task_role_arn: {
        value: '${aws_iam_role.backend_task.arn}',
        description: expect.stringMatching(/backend task role of dev/),
      },
    });
  });

  test('other stacks read the roles by ARN reference and by literal name', () => {
    const stack = new PazpazStack(Testing.app(), { environment: dev });
    expect(resolveIn(stack, stack.executionRoleArn)).toBe('${aws_iam_role.task_execution.arn}');
    expect(resolveIn(stack, stack.taskRoleArn)).toBe('${aws_iam_role.backend_task.arn}');
    expect(stack.executionRoleName).toBe('pazpaz-ecs-task-execution-role-dev');
    expect(stack.taskRoleName).toBe('pazpaz-backend-task-role-dev');
  });

  test('publishes both ARNs as plain values, so github-secrets takes them without reading this stack’s state', () => {
    const stack = new PazpazStack(Testing.app(), { environment: dev });
    expect(stack.published).toEqual({
      executionRoleArn: 'arn:aws:iam::111111111111:role/pazpaz-ecs-task-execution-role-dev',
      taskRoleArn: 'arn:aws:iam::111111111111:role/pazpaz-backend-task-role-dev',
    });
  });
});

describe('environment separation ("Use separate IAM roles for each environment")', () => {
  test.each(['dev', 'staging'] as const)('nothing of prod, neither its name nor its account, appears in the %s stack', (name) => {
    const { text } = synthPazpaz(environments[name]);
    expect(text).not.toMatch(/prod/i);
    expect(text).not.toContain('333333333333');
  });

  test("the dev stack names only dev's account", () => {
    const { text } = synthPazpaz(dev);
    expect(text).not.toContain('222222222222');
    const accounts = new Set(text.match(/\d{12}/g));
    expect([...accounts]).toEqual(['111111111111']);
  });

  test('the prod roles are scoped to prod and name no other environment', () => {
    const { json, text } = synthPazpaz(environments.prod);
    expect(json.resource.aws_iam_role.backend_task.name).toBe('pazpaz-backend-task-role-prod');
    const execution = parsePolicy(json.resource.aws_iam_role_policy.task_execution);
    expect(execution.Statement[2].Resource).toEqual([
      'arn:aws:secretsmanager:us-east-1:333333333333:secret:pazpaz/database-url-*',
      'arn:aws:secretsmanager:us-east-1:333333333333:secret:pazpaz/redis-url-*',
    ]);
    expect(text).not.toMatch(/-dev\b|\/dev\/|111111111111|staging|222222222222/);
  });

  test('an account and region override reach every ARN, condition and the provider', () => {
    const overridden = loadPlatformConfig({ RAXX_DEV_AWS_ACCOUNT_ID: '444455556666', RAXX_DEV_AWS_REGION: 'eu-west-1' }).environments.dev;
    const { json, text } = synthPazpaz(overridden);
    expect(text).not.toContain('111111111111');
    expect(text).not.toContain('us-east-1');
    expect(json.provider.aws).toEqual([{ region: 'eu-west-1', allowed_account_ids: ['444455556666'] }]);
    expect(parsePolicy(json.resource.aws_iam_role.task_execution).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '444455556666' },
    });
    expect(parsePolicy(json.resource.aws_iam_role_policy.backend_task).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:RequestedRegion': 'eu-west-1' },
    });
  });
});

describe("the seed's secret names (pazpaz-ecs-iam-roles.txt, sections 4 and 5), in the environment's own account", () => {
  // The seed's Resource lists, with its `*` account replaced by each environment's own: no environment
  // segment in the name, since each environment has its own account.
  test.each([
    ['dev', '111111111111'],
    ['staging', '222222222222'],
    ['prod', '333333333333'],
  ] as const)('pazpaz-%s allows exactly the seed secret patterns in account %s', (name, account) => {
    const { json } = synthPazpaz(environments[name]);
    const execution = parsePolicy(json.resource.aws_iam_role_policy.task_execution).Statement;
    const backend = parsePolicy(json.resource.aws_iam_role_policy.backend_task).Statement;
    expect(execution[2]).toEqual({
      Sid: 'SecretsManagerForEnv',
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: [
        `arn:aws:secretsmanager:us-east-1:${account}:secret:pazpaz/database-url-*`,
        `arn:aws:secretsmanager:us-east-1:${account}:secret:pazpaz/redis-url-*`,
      ],
    });
    expect(backend[0]).toEqual({
      Sid: 'SecretsManagerAccess',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: [
        `arn:aws:secretsmanager:us-east-1:${account}:secret:pazpaz/encryption-key-*`,
        `arn:aws:secretsmanager:us-east-1:${account}:secret:pazpaz/jwt-secret-*`,
        `arn:aws:secretsmanager:us-east-1:${account}:secret:pazpaz/email-credentials-*`,
      ],
      Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
    });
  });

  test('no secret ARN of any environment names another account or a wildcard account', () => {
    for (const name of ENVIRONMENT_NAMES) {
      const { text } = synthPazpaz(environments[name]);
      const secretArns = text.match(/arn:aws:secretsmanager:[^"\\]*/g) ?? [];
      expect(secretArns.length).toBe(5);
      for (const arn of secretArns) expect(arn.split(':')[4]).toBe(environments[name].awsAccountId);
    }
  });
});

describe('synthesis is deterministic', () => {
  test.each(ENVIRONMENT_NAMES)('two syntheses of pazpaz-%s are byte-identical', (name) => {
    expect(synthPazpaz(environments[name]).text).toBe(synthPazpaz(environments[name]).text);
  });
});

describe('misuse fails at construction and names the prop to fix', () => {
  const build = (environment: EnvironmentConfig) => () => new PazpazStack(Testing.app(), { environment });

  test('an account id that is not 12 digits is refused', () => {
    expect(build({ ...dev, awsAccountId: '*' })).toThrow(/environment\.awsAccountId "\*" must be a 12-digit AWS account id/);
  });

  test('a wildcard or empty secret prefix is refused (it would open every secret of the account)', () => {
    expect(build({ ...dev, pazpaz: { ...dev.pazpaz, secretPrefix: '*' } })).toThrow(/environment\.pazpaz\.secretPrefix/);
    expect(build({ ...dev, pazpaz: { ...dev.pazpaz, secretPrefix: '' } })).toThrow(/environment\.pazpaz\.secretPrefix/);
  });

  test('a bucket that is not a plain bucket name is refused', () => {
    expect(build({ ...dev, pazpaz: { ...dev.pazpaz, attachmentsBucket: 'pazpaz-*' } })).toThrow(/environment\.pazpaz\.attachmentsBucket/);
  });

  test('a log group that is not a log group name is refused', () => {
    expect(build({ ...dev, pazpaz: { ...dev.pazpaz, logGroup: '*' } })).toThrow(/environment\.pazpaz\.logGroup/);
  });
});
