import { crossStackKey, resolveConfiguredPath } from '@raxx/rotation/graph/graph';
import { referencesInExpression, traversalSegments } from '@raxx/rotation/graph/references';
import { fixtureGraph } from '../support/fixture-repo';

describe('the reference graph', () => {
  test('metadata[0].name on a single block written as an object names metadata.name', () => {
    expect(resolveConfiguredPath({ metadata: { name: 'x' } }, ['metadata', '0', 'name'])).toEqual({ configured: true, path: ['metadata', 'name'] });
    expect(resolveConfiguredPath({ user: 'x' }, ['secret'])).toEqual({ configured: false, path: [] });
  });

  test('a remote-state read of another stack output is indexed as a cross-stack consumer', async () => {
    const graph = await fixtureGraph();
    expect(graph.crossStackConsumers.get(crossStackKey('tokens', 'cross-stack-output-cloudflare_api_tokenbackup_tokenvalue'))).toEqual([
      { stack: 'consumer', remoteState: 'data.terraform_remote_state.cross-stack-reference-input-tokens', output: 'cross-stack-output-cloudflare_api_tokenbackup_tokenvalue' },
    ]);
  });

  test('the SecretStore reads a configured attribute of the bootstrap secret, the secret version a computed one of the key', async () => {
    const stack = (await fixtureGraph()).stacks.get('app-dev');
    const store = stack?.dependents.get('kubernetes_secret_v1.bootstrap')?.find((site) => site.from === 'kubernetes_manifest.store');
    expect(store).toMatchObject({ reading: 'configured', path: ['metadata', 'name'] });
    const version = stack?.dependents.get('aws_iam_access_key.uploader_key')?.map((site) => [site.reading, site.path.join('.'), site.location.join('.')]);
    expect(version).toEqual([
      ['computed', 'id', 'secret_string'],
      ['computed', 'secret', 'secret_string'],
    ]);
  });
});

describe('reference extraction', () => {
  test('quotes inside JSON strings are escaped for the HCL parser, interpolations kept verbatim', async () => {
    const text = '{"bucket.x_${cloudflare_r2_bucket.b.name}":"*"}';
    const [reference] = await referencesInExpression(text);
    expect(text.slice(reference.start, reference.end)).toBe('cloudflare_r2_bucket.b.name');
  });

  test('for expressions yield their collection, not their iteration variables', async () => {
    const references = await referencesInExpression('${one([for k, v in toset(data.t.n.result): v.id if v.name == "W"])}');
    expect(references.map((reference) => reference.value)).toEqual(['data.t.n.result']);
  });

  test('quoted traversal keys keep their dots', () => {
    expect(traversalSegments('a.b."c.d".0')).toEqual(['a', 'b', 'c.d', '0']);
  });
});
