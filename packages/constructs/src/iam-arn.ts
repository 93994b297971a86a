/** The ARN of an IAM role, known at synthesis from its account, path and name (partition `aws`). */
export function iamRoleArn(accountId: string, name: string, path = '/'): string {
  if (!path.startsWith('/') || !path.endsWith('/')) throw new Error(`iamRoleArn: path "${path}" must start and end with "/"`);
  return `arn:aws:iam::${accountId}:role${path}${name}`;
}
