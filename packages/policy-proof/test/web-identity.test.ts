/**
 * Federated (web-identity) trusts: the resolver reads an existing OIDC provider (data source) by its
 * URL, and the simulation's stand-in keeps the claims of an issuer with a path (a GKE cluster).
 */
import { loadPlatformConfig } from '@raxx/config';
import { StackReferences } from '../src/references';
import { resolutionContextFor } from '../src/resolution-context';
import { oidcKeyStandIn } from '../src/simulation/access-simulator';
import { TerraformJson } from '../src/synthesized-stack';

const issuer = 'container.googleapis.com/v1/projects/raxx-tomoda-dev/locations/us-central1/clusters/tomoda-dev';

test('an existing OIDC provider (data.aws_iam_openid_connect_provider) resolves to the account\'s provider of its URL', () => {
  const json: TerraformJson = {
    provider: { aws: [{ allowed_account_ids: ['111111111111'], region: 'us-east-1' }] },
    data: { aws_iam_openid_connect_provider: { tomoda_cluster: { url: `https://${issuer}` } } },
  };
  const refs = new StackReferences({ name: 'tomoda-dev', json }, resolutionContextFor('tomoda-dev', json, loadPlatformConfig({})));
  expect(refs.resolveReference('${data.aws_iam_openid_connect_provider.tomoda_cluster.arn}', 'test')).toBe(`arn:aws:iam::111111111111:oidc-provider/${issuer}`);
});

test('the simulation stands in the claims of an issuer with a path, and of GitHub; other keys stay', () => {
  expect(oidcKeyStandIn(`${issuer}:sub`)).toBe('accounts.google.com:sub');
  expect(oidcKeyStandIn(`${issuer}:aud`)).toBe('accounts.google.com:aud');
  expect(oidcKeyStandIn('oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub')).toBe('accounts.google.com:sub');
  expect(oidcKeyStandIn('token.actions.githubusercontent.com:sub')).toBe('accounts.google.com:sub');
  expect(oidcKeyStandIn('s3:prefix')).toBe('s3:prefix');
  expect(oidcKeyStandIn('aws:SourceIp')).toBe('aws:SourceIp');
  expect(oidcKeyStandIn(`${issuer}:email`)).toBe(`${issuer}:email`);
});
