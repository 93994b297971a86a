/** The ARN of an IAM role, known at synthesis from its account, path and name (partition `aws`). */
export function iamRoleArn(accountId: string, name: string, path = '/'): string {
  if (!path.startsWith('/') || !path.endsWith('/')) throw new Error(`iamRoleArn: path "${path}" must start and end with "/"`);
  return `arn:aws:iam::${accountId}:role${path}${name}`;
}

/** The ARN of an IAM OIDC identity provider, known at synthesis from its account and issuer URL (partition `aws`). */
export function iamOidcProviderArn(accountId: string, issuer: string): string {
  if (!issuer.startsWith('https://')) throw new Error(`iamOidcProviderArn: issuer "${issuer}" must be an https URL`);
  return `arn:aws:iam::${accountId}:oidc-provider/${issuer.slice('https://'.length).replace(/\/$/, '')}`;
}
