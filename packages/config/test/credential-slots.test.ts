import { ConfigurationError, OVERRIDE_VARIABLES, formatSlotState, loadPlatformConfig, otherSlot, parseSlotState } from '../src';

describe('two-slot credentials in configuration', () => {
  it('starts every credential of every environment in slot a, without a second slot, at 90 days and a 24-hour window', () => {
    const config = loadPlatformConfig({});
    for (const env of Object.values(config.environments)) {
      for (const credential of [env.credentials.uploaderKey, env.credentials.esoReaderKey, env.credentials.r2BackupToken]) {
        expect(credential).toEqual({ slots: { active: 'a', other: 'absent' }, maxAgeDays: 90, observationWindowHours: 24 });
      }
    }
  });

  it('names one slot variable and one max-age variable per environment and credential', () => {
    expect(OVERRIDE_VARIABLES.credentialSlots('prod', 'uploaderKey')).toBe('RAXX_PROD_UPLOADER_KEY_SLOTS');
    expect(OVERRIDE_VARIABLES.credentialSlots('dev', 'esoReaderKey')).toBe('RAXX_DEV_ESO_READER_KEY_SLOTS');
    expect(OVERRIDE_VARIABLES.credentialSlots('staging', 'r2BackupToken')).toBe('RAXX_STAGING_R2_BACKUP_TOKEN_SLOTS');
    expect(OVERRIDE_VARIABLES.credentialMaxAge('prod', 'uploaderKey')).toBe('RAXX_PROD_UPLOADER_KEY_MAX_AGE_DAYS');
  });

  it('takes the slot state of one credential of one environment from its variable, and nothing else', () => {
    const config = loadPlatformConfig({ RAXX_PROD_UPLOADER_KEY_SLOTS: 'b+active-standby', RAXX_PROD_UPLOADER_KEY_MAX_AGE_DAYS: '30' });
    expect(config.environments.prod.credentials.uploaderKey).toEqual({ slots: { active: 'b', other: 'active-standby' }, maxAgeDays: 30, observationWindowHours: 24 });
    expect(config.environments.prod.credentials.esoReaderKey.slots).toEqual({ active: 'a', other: 'absent' });
    expect(config.environments.dev.credentials.uploaderKey.slots).toEqual({ active: 'a', other: 'absent' });
  });

  it.each([
    ['a', { active: 'a', other: 'absent' }],
    ['b', { active: 'b', other: 'absent' }],
    ['b+active-standby', { active: 'b', other: 'active-standby' }],
    ['a+inactive', { active: 'a', other: 'inactive' }],
    ['b+absent', { active: 'b', other: 'absent' }],
  ])('reads %s', (text, state) => {
    expect(loadPlatformConfig({ RAXX_DEV_ESO_READER_KEY_SLOTS: text }).environments.dev.credentials.esoReaderKey.slots).toEqual(state);
    expect(parseSlotState(text)).toEqual(state);
  });

  it('writes each state the way the variable reads it', () => {
    expect(formatSlotState({ active: 'a', other: 'absent' })).toBe('a');
    expect(formatSlotState({ active: 'b', other: 'active-standby' })).toBe('b+active-standby');
    expect(formatSlotState({ active: 'b', other: 'inactive' })).toBe('b+inactive');
    expect(otherSlot('a')).toBe('b');
    expect(otherSlot('b')).toBe('a');
  });

  it.each(['c', 'b+standby', 'A', 'a+inactive+x', ' b'])('refuses the slot state %j, naming the variable and the form', (text) => {
    expect(() => loadPlatformConfig({ RAXX_PROD_UPLOADER_KEY_SLOTS: text })).toThrow(
      new ConfigurationError(`RAXX_PROD_UPLOADER_KEY_SLOTS=${JSON.stringify(text)} is not a slot state: <a|b>[+active-standby|+inactive], e.g. b+active-standby`),
    );
  });

  it('refuses a maximum age that is not a whole number of days', () => {
    expect(() => loadPlatformConfig({ RAXX_DEV_R2_BACKUP_TOKEN_MAX_AGE_DAYS: '90d' })).toThrow(
      'RAXX_DEV_R2_BACKUP_TOKEN_MAX_AGE_DAYS="90d" is not a whole number of days between 1 and 99999',
    );
    expect(() => loadPlatformConfig({ RAXX_DEV_R2_BACKUP_TOKEN_MAX_AGE_DAYS: '0' })).toThrow(ConfigurationError);
  });
});
