import { loadPlatformConfig } from '@raxx/config';
import { PazpazStack, ecsTasksTrustPolicy } from '../src';
import { parsePolicy, synthesize } from './synth';

const { dev, staging } = loadPlatformConfig({}).environments;

const trustFor = (account: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': account } },
    },
  ],
});

describe('who may assume the PazPaz roles', () => {
  const { json } = synthesize((app) => new PazpazStack(app, { environment: dev }));

  test('only ECS tasks of the environment account may assume the execution role', () => {
    expect(parsePolicy(json.resource.aws_iam_role.task_execution)).toEqual(trustFor('111111111111'));
  });

  test('only ECS tasks of the environment account may assume the backend task role', () => {
    expect(parsePolicy(json.resource.aws_iam_role.backend_task)).toEqual(trustFor('111111111111'));
  });

  test("a staging role trusts only staging's account", () => {
    const stagingJson = synthesize((app) => new PazpazStack(app, { environment: staging })).json;
    expect(parsePolicy(stagingJson.resource.aws_iam_role.backend_task)).toEqual(trustFor('222222222222'));
  });

  test('the trust policy is the same document for both roles', () => {
    expect(json.resource.aws_iam_role.task_execution.assume_role_policy).toBe(ecsTasksTrustPolicy('111111111111'));
    expect(json.resource.aws_iam_role.backend_task.assume_role_policy).toBe(ecsTasksTrustPolicy('111111111111'));
  });
});
