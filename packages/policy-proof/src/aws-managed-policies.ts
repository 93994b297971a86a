/**
 * The AWS managed policies the stacks attach, kept as small cited fixtures: their documents are not in
 * the synthesized Terraform (only the attachment's ARN is), so the proof would otherwise not know
 * what they grant. A managed policy ARN not listed here is an error, never silently "no permissions".
 */
import { PolicyDocument } from './policy-document';

/** One AWS managed policy, as AWS publishes it. */
export interface AwsManagedPolicy {
  readonly arn: string;
  /** Version the fixture copies. */
  readonly version: string;
  /** Where AWS publishes the document. */
  readonly source: string;
  readonly document: PolicyDocument;
}

/**
 * `AmazonECSTaskExecutionRolePolicy` (attached to the PazPaz execution role, pazpaz-ecs-iam-roles.txt
 * "aws iam attach-role-policy"). Its one statement has no Sid; reports call it by the policy's name.
 */
export const AMAZON_ECS_TASK_EXECUTION_ROLE_POLICY: AwsManagedPolicy = {
  arn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
  version: 'v1',
  source: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSTaskExecutionRolePolicy.html',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
};

/** Every AWS managed policy the proof knows, by ARN. */
export const AWS_MANAGED_POLICIES: Readonly<Record<string, AwsManagedPolicy>> = Object.fromEntries(
  [AMAZON_ECS_TASK_EXECUTION_ROLE_POLICY].map((policy) => [policy.arn, policy]),
);
