/**
 * Two-slot credentials: every in-state credential (an AWS access key, an R2 token) exists in two
 * slots, `a` and `b`. Configuration declares, per environment, which slot is active (the one every
 * consumer reads) and the state of the other one. A routine rotation is then a reviewed change of
 * this declaration, in three steps (the tool `rotate plan --strategy two-slot` prints them):
 *
 *   a            -> b+active-standby   create b, switch the consumers to it; a stays valid
 *   b+active-standby -> b+inactive      deactivate a in place (reversible)
 *   b+inactive   -> b                  delete a
 *
 * The same value, written `<active>[+<other state>]`, is what the `RAXX_<ENV>_<CREDENTIAL>_SLOTS`
 * environment variable takes (overrides.ts).
 */

/** One of the two slots of a credential. */
export type CredentialSlot = 'a' | 'b';

/** The slots, in order. */
export const CREDENTIAL_SLOTS: readonly CredentialSlot[] = ['a', 'b'];

/**
 * State of the slot that is not active:
 * - `absent`: it does not exist;
 * - `active-standby`: it exists and is valid, but no consumer reads it (the old credential right
 *   after a switch, kept valid until the consumers are proven to have moved);
 * - `inactive`: it exists but is switched off in place (AWS `Inactive`, Cloudflare `disabled`),
 *   so a forgotten consumer fails loudly and the way back is one in-place update.
 */
export type OtherSlotState = 'absent' | 'active-standby' | 'inactive';

/** The states of the other slot, in rotation order. */
export const OTHER_SLOT_STATES: readonly OtherSlotState[] = ['absent', 'active-standby', 'inactive'];

/** Which slot consumers read, and the state of the other one. */
export interface SlotState {
  /** The slot every consumer reads. */
  readonly active: CredentialSlot;
  /** State of the other slot. */
  readonly other: OtherSlotState;
}

/** Default maximum age of a credential before `rotate due` reports it (tomoda-iam-uploader-eso.txt: scheduled rotation). */
export const DEFAULT_MAX_AGE_DAYS = 90;

/** Default time an old credential stays `inactive` before it is deleted. */
export const DEFAULT_OBSERVATION_WINDOW_HOURS = 24;

/** A rotated credential's declaration. */
export interface RotatedCredentialConfig {
  /** Which slot is active and what the other slot is. @default - `a`, other absent */
  readonly slots: SlotState;
  /** Age after which `rotate due` reports the active slot. @default 90 */
  readonly maxAgeDays: number;
  /** How long the old slot stays inactive before it is deleted. @default 24 */
  readonly observationWindowHours: number;
}

/** The in-state credentials of one environment (rotation targets `uploader_key`, `eso_reader_key`, `r2_backup_token_<env>`). */
export interface CredentialsConfig {
  /** `uploader_key` of `tomoda-<env>`: the uploader's access key. */
  readonly uploaderKey: RotatedCredentialConfig;
  /** `eso_reader_key` of `tomoda-<env>`: the ESO reader's access key. */
  readonly esoReaderKey: RotatedCredentialConfig;
  /** `r2_backup_token_<env>`: the R2 backup token. */
  readonly r2BackupToken: RotatedCredentialConfig;
}

/** Names of the credentials, as their environment variables spell them (`RAXX_<ENV>_<NAME>_SLOTS`). */
export const CREDENTIAL_VARIABLE_NAMES: Readonly<Record<keyof CredentialsConfig, string>> = {
  uploaderKey: 'UPLOADER_KEY',
  esoReaderKey: 'ESO_READER_KEY',
  r2BackupToken: 'R2_BACKUP_TOKEN',
};

/** A fresh credential: slot `a` active, no second slot, 90 days, 24 hours. */
export function defaultRotatedCredential(): RotatedCredentialConfig {
  return { slots: { active: 'a', other: 'absent' }, maxAgeDays: DEFAULT_MAX_AGE_DAYS, observationWindowHours: DEFAULT_OBSERVATION_WINDOW_HOURS };
}

/** The slot that is not `slot`. */
export function otherSlot(slot: CredentialSlot): CredentialSlot {
  return slot === 'a' ? 'b' : 'a';
}

/** `a`, `b+active-standby`, `b+inactive`: the form the environment variable takes. */
export function formatSlotState(state: SlotState): string {
  return state.other === 'absent' ? state.active : `${state.active}+${state.other}`;
}

const SLOT_STATE = /^(a|b)(?:\+(absent|active-standby|inactive))?$/;

/** Parses `formatSlotState`'s form; undefined when malformed. */
export function parseSlotState(value: string): SlotState | undefined {
  const match = SLOT_STATE.exec(value);
  if (!match) return undefined;
  return { active: match[1] as CredentialSlot, other: (match[2] ?? 'absent') as OtherSlotState };
}
