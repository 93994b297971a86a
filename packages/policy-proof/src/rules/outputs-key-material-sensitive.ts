import { RuleResult, StackSubject, findings } from './rule';

/** References to key material: an IAM access key's id or secret, a Cloudflare (user or account) API token's value. */
const KEY_MATERIAL = /\b(aws_iam_access_key\.[A-Za-z0-9_-]+\.(id|secret|ses_smtp_password_v4|encrypted_secret)|cloudflare_(api|account)_token\.[A-Za-z0-9_-]+\.value)\b/;

/** An output whose value references key material must be `sensitive`, so plans and logs never show it. */
export function outputsKeyMaterialSensitive({ json }: StackSubject): RuleResult {
  const outputs = Object.entries(json.output ?? {});
  const withKeyMaterial = outputs.filter(([, output]) => KEY_MATERIAL.test(JSON.stringify(output.value ?? '')));
  if (withKeyMaterial.length === 0) return 'not-applicable';
  return findings(withKeyMaterial.filter(([, output]) => output.sensitive !== true).map(([name]) => `Output::${name}`));
}
