/**
 * Every RAXX_* and TFC_* variable is known: a typo, an environment that does not exist, an empty value
 * or Terraform Cloud mode with the placeholder run task URL is a one-line error naming what to fix.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigurationError, checkConfigurationVariables, closestKnownName, editDistance, knownVariables, loadPlatformConfig } from '../src';

const ROOT = join(__dirname, '..', '..', '..');
const refused = (vars: NodeJS.ProcessEnv) => () => loadPlatformConfig(vars);

describe('an unknown name is refused with the closest known one', () => {
  test('a typo of an environment (RAXX_PRDO_AWS_REGION) suggests RAXX_PROD_AWS_REGION', () => {
    expect(refused({ RAXX_PRDO_AWS_REGION: 'eu-west-1' })).toThrow(
      new ConfigurationError(
        'RAXX_PRDO_AWS_REGION is not a known variable (there is no environment "prdo"; environments: dev, staging, prod); did you mean RAXX_PROD_AWS_REGION?',
      ),
    );
  });

  test('an environment that does not exist (RAXX_QA_AWS_REGION) names the environments and the closest name', () => {
    expect(refused({ RAXX_QA_AWS_REGION: 'eu-west-1' })).toThrow(
      new ConfigurationError('RAXX_QA_AWS_REGION is not a known variable (there is no environment "qa"; environments: dev, staging, prod); did you mean RAXX_DEV_AWS_REGION?'),
    );
  });

  test('a misspelt variable of no environment suggests its closest name', () => {
    expect(refused({ TFC_ORGANISATION: 'acme' })).toThrow(new ConfigurationError('TFC_ORGANISATION is not a known variable; did you mean TFC_ORGANIZATION?'));
    expect(refused({ RAXX_CLOUDFLARE_ACCOUNT: '0123456789abcdef0123456789abcdef' })).toThrow(
      new ConfigurationError('RAXX_CLOUDFLARE_ACCOUNT is not a known variable; did you mean RAXX_CLOUDFLARE_ACCOUNT_ID?'),
    );
  });

  test('a name close to none points at the list, and every other unknown name is named too', () => {
    expect(refused({ RAXX_WHATEVER: '1', TFC_X: '2' })).toThrow(
      new ConfigurationError('RAXX_WHATEVER is not a known variable; packages/config/README.md lists every variable (also unknown: TFC_X)'),
    );
  });

  test('names outside the namespace are not judged', () => {
    expect(() => loadPlatformConfig({ PATH: '/usr/bin', TFE_TOKEN: 'x', raxx_prdo_aws_region: 'x' })).not.toThrow();
  });
});

describe('an empty value of a variable the configuration reads is refused', () => {
  test('RAXX_PROD_AWS_ACCOUNT_ID= would keep the placeholder account', () => {
    expect(refused({ RAXX_PROD_AWS_ACCOUNT_ID: '' })).toThrow(
      new ConfigurationError('RAXX_PROD_AWS_ACCOUNT_ID is set but empty; set it to a 12-digit AWS account id, or unset it for the placeholder account of prod'),
    );
  });

  test('TFC_ORGANIZATION= would keep the local backend', () => {
    expect(refused({ TFC_ORGANIZATION: '' })).toThrow(
      new ConfigurationError('TFC_ORGANIZATION is set but empty; set it to a Terraform Cloud organization name, or unset it for the local backend'),
    );
  });

  test('a variable read elsewhere may be empty (its reader judges it): the test runner sets RAXX_TEST_TMP_PARENT= when TMPDIR was unset', () => {
    expect(() => loadPlatformConfig({ RAXX_TEST_TMP_PARENT: '', RAXX_RUN_TASK_HMAC_KEY: '' })).not.toThrow();
  });
});

describe('Terraform Cloud mode needs the run task URL', () => {
  test('TFC_ORGANIZATION=acme without RAXX_RUN_TASK_URL is refused: the placeholder reaches no server', () => {
    expect(refused({ TFC_ORGANIZATION: 'acme' })).toThrow(
      new ConfigurationError(
        'TFC_ORGANIZATION=acme needs RAXX_RUN_TASK_URL: the https URL of the run task server (rotate run-task serve); the placeholder https://run-task.raxx.example/ reaches no server',
      ),
    );
  });

  test('the placeholder given explicitly is refused too', () => {
    expect(refused({ TFC_ORGANIZATION: 'acme', RAXX_RUN_TASK_URL: 'https://run-task.raxx.example/' })).toThrow(
      new ConfigurationError('RAXX_RUN_TASK_URL="https://run-task.raxx.example/" is the placeholder; set it to the https URL of the run task server (rotate run-task serve)'),
    );
  });

  test('with a real URL the organization and the URL are taken', () => {
    const config = loadPlatformConfig({ TFC_ORGANIZATION: 'acme', RAXX_RUN_TASK_URL: 'https://run-task.acme.test/' });
    expect(config.terraformCloudOrganization).toBe('acme');
    expect(config.terraformCloud?.runTask.url).toBe('https://run-task.acme.test/');
  });
});

describe('each environment has its own account', () => {
  test('an override that gives staging the account of dev is refused (the PazPaz secret names carry no environment)', () => {
    expect(refused({ RAXX_STAGING_AWS_ACCOUNT_ID: '111111111111' })).toThrow(
      new ConfigurationError('RAXX_STAGING_AWS_ACCOUNT_ID="111111111111" is the account of both dev and staging; each environment needs its own AWS account'),
    );
  });
});

describe('the registry of known variables', () => {
  const known = knownVariables();

  test('it holds what the configuration reads and what the rest of the repository reads', () => {
    for (const name of [
      'RAXX_DEV_AWS_ACCOUNT_ID',
      'RAXX_STAGING_AWS_REGION',
      'RAXX_PROD_UPLOADER_KEY_SLOTS',
      'RAXX_PROD_ESO_READER_KEY_MAX_AGE_DAYS',
      'RAXX_DEV_R2_BACKUP_TOKEN_SLOTS',
      'RAXX_PROD_GITHUB_REVIEWERS',
      'RAXX_FREESCOUT_AWS_ACCOUNT_ID',
      'RAXX_FREESCOUT_GITHUB_OIDC',
      'RAXX_CLOUDFLARE_ACCOUNT_ID',
      'RAXX_RUN_TASK_URL',
      'RAXX_RUN_TASK_HMAC_KEY',
      'RAXX_RUN_TASK_PLAN_TIMEOUT_MS',
      'RAXX_RUN_TASK_REVIEW_TIMEOUT_MS',
      'RAXX_TEST_TMP_ROOT',
      'RAXX_TEST_TMP_PARENT',
      'TFC_ORGANIZATION',
      'TFC_PROJECT',
      'TFC_AGENT_POOL',
      'TFC_AWS_PROVIDER_AUTH',
      'TFC_AWS_RUN_ROLE_ARN',
    ]) {
      expect(known.has(name)).toBe(true);
    }
  });

  test('every RAXX_*/TFC_* name the repository code spells (quoted, or read from an env object) is known', () => {
    const spelled = new Map<string, string>();
    const visit = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        if (entry === 'node_modules' || entry === 'dist' || entry === 'test' || entry.startsWith('.') || entry === 'cdktf.out') continue;
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) visit(path);
        else if (/\.(ts|js|mjs)$/.test(entry) && !/\.test\.ts$/.test(entry)) {
          const text = readFileSync(path, 'utf8');
          for (const match of text.matchAll(/(?:['"`]|env\.)((?:RAXX|TFC)_[A-Z0-9_]*[A-Z0-9])(?=['"`]|\b)/g)) spelled.set(match[1], relative(ROOT, path));
        }
      }
    };
    for (const folder of ['apps', 'packages', 'stacks', 'tools', 'scripts']) visit(join(ROOT, folder));
    const unknown = [...spelled].filter(([name]) => !known.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(unknown).toEqual([]);
    expect(spelled.size).toBeGreaterThan(5);
  });

  test('the whole default environment of a test run is accepted', () => {
    expect(() => checkConfigurationVariables(process.env)).not.toThrow();
  });
});

describe('closest name by edit distance', () => {
  test('edit distance counts insertions, deletions and substitutions', () => {
    expect(editDistance('PRDO', 'PROD')).toBe(2);
    expect(editDistance('QA', 'DEV')).toBe(3);
    expect(editDistance('', 'ab')).toBe(2);
    expect(editDistance('same', 'same')).toBe(0);
  });

  test('nothing is suggested when every known name is far', () => {
    expect(closestKnownName('RAXX_X', ['TFC_ORGANIZATION'])).toBeUndefined();
  });
});
