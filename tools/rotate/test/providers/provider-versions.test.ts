/**
 * The replacement table holds for the provider versions the bindings pin: every entry names its range
 * and source, every installed version is covered, and the truth fixture has facts for it.
 */
import type { ProviderSource } from '@raxx/rotation/providers/provider-versions';
import { PROVIDERS, providerOfType } from '@raxx/rotation/providers/provider-versions';
import { installedProviderVersions, installedReplacementTable } from '../../src/io/provider-versions';
import { REPLACEMENT_ENTRIES, replacementForcedBy, replacementTableFor } from '@raxx/rotation/providers/replacement-table';
import { isVersionRange, satisfiesRange } from '@raxx/rotation/providers/version-range';
import { factVersions } from '../support/force-new-facts';

const installed = installedProviderVersions();

describe('provider versions', () => {
  test('each prebuilt binding pins its provider version in package.json (cdktf.provider.version)', () => {
    expect(installed).toEqual({
      'hashicorp/aws': expect.stringMatching(/^\d+\.\d+\.\d+$/),
      'hashicorp/kubernetes': expect.stringMatching(/^\d+\.\d+\.\d+$/),
      'integrations/github': expect.stringMatching(/^\d+\.\d+\.\d+$/),
      'cloudflare/cloudflare': expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
  });

  test('every installed provider version is covered by an entry of every type of that provider', () => {
    expect(replacementTableFor(installed).uncovered).toEqual([]);
  });

  test('the truth fixture has ForceNew facts for every installed provider version', () => {
    for (const provider of Object.keys(PROVIDERS) as ProviderSource[]) {
      expect({ provider, facts: factVersions(provider).includes(installed[provider] as string) }).toEqual({ provider, facts: true });
    }
  });

  test('every entry names a well-formed range, its provider (matching the type) and a source', () => {
    for (const [type, entries] of Object.entries(REPLACEMENT_ENTRIES)) {
      for (const entry of entries) {
        expect({ type, range: isVersionRange(entry.versions), provider: entry.provider, sourced: entry.source.length > 20 }).toEqual({
          type,
          range: true,
          provider: providerOfType(type),
          sourced: true,
        });
      }
    }
  });

  test('a provider version outside every range leaves its types out of the table, named', () => {
    const bumped = replacementTableFor({ ...installed, 'integrations/github': '6.11.0' });
    expect(bumped.uncovered.filter((entry) => entry.type === 'github_actions_secret')).toEqual([
      { type: 'github_actions_secret', provider: 'integrations/github', version: '6.11.0', covered: ['>=6.9.0 <6.11.0'] },
    ]);
    expect(bumped.table.github_actions_secret).toBeUndefined();
    expect(bumped.table.aws_secretsmanager_secret_version).toBe(installedReplacementTable().aws_secretsmanager_secret_version);
  });

  test('the table in force replaces a secret version whose secret_string changes, and updates a policy in place', () => {
    expect(replacementForcedBy(installedReplacementTable(), 'aws_secretsmanager_secret_version', {}, ['secret_string'])).toBe('secret_string');
    expect(replacementForcedBy(installedReplacementTable(), 'aws_iam_user_policy', {}, ['policy'])).toBeUndefined();
  });

  test('at github 6.9.0 a GitHub environment variable moves repository in place (no ForceNew, no CustomizeDiff at the tag) and is replaced for a new environment or name', () => {
    const table = replacementTableFor({ 'integrations/github': '6.9.0' }).table;
    expect(replacementForcedBy(table, 'github_actions_environment_variable', {}, ['repository'])).toBeUndefined();
    expect(replacementForcedBy(table, 'github_actions_environment_variable', {}, ['value'])).toBeUndefined();
    expect(replacementForcedBy(table, 'github_actions_environment_variable', {}, ['environment'])).toBe('environment');
    expect(replacementForcedBy(table, 'github_actions_environment_variable', {}, ['variable_name'])).toBe('variable_name');
  });
});

describe('version ranges', () => {
  test.each([
    ['6.9.0', '>=6.9.0 <6.11.0', true],
    ['6.10.3', '>=6.9.0 <6.11.0', true],
    ['6.11.0', '>=6.9.0 <6.11.0', false],
    ['6.8.9', '>=6.9.0 <6.11.0', false],
    ['5.14.0', '5.14.0', true],
    ['5.14.0', '>5.14.0', false],
    ['6.x', '>=6.0.0', false],
    ['6.0.0', '>=6', false],
  ])('%s satisfies %s: %s', (version, range, expected) => {
    expect(satisfiesRange(version, range)).toBe(expected);
  });
});
