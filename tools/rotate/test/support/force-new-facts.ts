/**
 * The independently written ForceNew facts (fixtures/force-new.json) for the provider versions the
 * installed bindings pin: what the shadow tests put in `triggers_replace`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderSource, ProviderVersions } from '@raxx/rotation/providers/provider-versions';
import { providerOfType } from '@raxx/rotation/providers/provider-versions';
import { installedProviderVersions } from '../../src/io/provider-versions';
import type { ReplacementRule } from '@raxx/rotation/providers/replacement-table';
import type { ForceNewFacts } from './shadow';

type Fact = string | { path: string; when: { attribute: string; equals: string | number | boolean } };
type FactFile = Record<string, Record<string, Record<string, Fact[]>> | string>;

export const FORCE_NEW_FILE = join(__dirname, '..', 'fixtures', 'force-new.json');
const file = JSON.parse(readFileSync(FORCE_NEW_FILE, 'utf8')) as FactFile;

/** Provider -> the versions the fixture has facts for. */
export function factVersions(provider: ProviderSource): string[] {
  const byVersion = file[provider];
  return typeof byVersion === 'object' ? Object.keys(byVersion) : [];
}

/** The facts of `type` at the installed version of its provider (undefined: none written, so in place). */
export function forceNewFactsFor(versions: ProviderVersions = installedProviderVersions()): ForceNewFacts {
  return (type) => {
    const provider = providerOfType(type);
    const version = provider ? versions[provider] : undefined;
    const byVersion = provider ? file[provider] : undefined;
    if (!provider || !version || typeof byVersion !== 'object') return undefined;
    const facts = byVersion[version]?.[type];
    return facts?.map((fact): ReplacementRule => (typeof fact === 'string' ? { path: fact } : fact));
  };
}
