/**
 * A credential held in two slots, `a` and `b` (AWS's own "rotate access keys" procedure: a user may
 * hold two keys; Vault static roles, Doppler and Pulumi ESC keep a current and a previous credential).
 * Configuration declares which slot is active and the state of the other one (credential-slots.ts of
 * @raxx/config); consumers read only {@link TwoSlotCredential.active}. A rotation is then three
 * reviewed configuration changes, and `rotate plan --strategy two-slot` prints them from the graph.
 *
 * Addresses are predictable: the credential of slot `a` is `<type>.<name>_a`, of slot `b`
 * `<type>.<name>_b`; `<name>` stays the rotation target (`rotate --target <name>`), recorded in each
 * slot's `//` block together with the slot state (rotation-metadata.ts).
 */
import type { CredentialSlot, OtherSlotState, RotatedCredentialConfig, SlotState } from '@raxx/config';
import { formatSlotState, otherSlot } from '@raxx/config';
import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { moveStateFrom } from './moved-block';
import { CREDENTIAL_SLOT_KEY, CredentialSlotMetadata, CredentialSlotRole } from './rotation-metadata';

/** The attribute that switches a credential off in place, and its two values. */
export interface CredentialStatusAttribute {
  /** Attribute name (`status`). */
  readonly attribute: string;
  /** Value of a usable credential (`Active`). */
  readonly active: string;
  /** Value of a credential switched off, reversibly (`Inactive`). */
  readonly inactive: string;
}

/** What a slot factory is told about the slot it creates. */
export interface CredentialSlotContext {
  /** `a` or `b`. */
  readonly slot: CredentialSlot;
  /** `active` (the slot consumers read), `active-standby` or `inactive`. */
  readonly role: CredentialSlotRole;
  /**
   * Registers `resource` as the slot's credential and returns it: gives it its logical id
   * (`<name>_<slot>`), its status and its rotation metadata. Call it right after creating the
   * resource, before anything references it (a logical id cannot change once referenced).
   */
  readonly credential: <T extends TerraformResource>(resource: T) => T;
}

/** What a slot factory returns: the slot's credential and anything made per slot with it. */
export interface CredentialSlotResources {
  /** The resource that holds the key material, registered with {@link CredentialSlotContext.credential}. */
  readonly credential: TerraformResource;
}

/** Props of {@link TwoSlotCredential}. */
export interface TwoSlotCredentialProps<S extends CredentialSlotResources> {
  /** Rotation target name and prefix of both slot addresses (`uploader_key`). */
  readonly name: string;
  /** Slot state, maximum age and observation window, from configuration. */
  readonly config: RotatedCredentialConfig;
  /** Environment variable that overrides `config.slots` (`RAXX_PROD_UPLOADER_KEY_SLOTS`); the rotation tool sets it to plan each phase. */
  readonly slotsVariable: string;
  /** How the credential is switched off in place. */
  readonly status: CredentialStatusAttribute;
  /** Creates one slot in `scope`: the credential (registered through the context) and its per-slot resources. */
  readonly createSlot: (scope: Construct, context: CredentialSlotContext) => S;
  /**
   * Logical id the credential had before it had slots: a `moved` block carries its state to slot `a`,
   * so introducing slots replaces nothing. @default - no moved block
   */
  readonly previousLogicalId?: string;
}

const NAME = /^[a-z][a-z0-9_]*$/;

function roleOf(slot: CredentialSlot, slots: SlotState): CredentialSlotRole | undefined {
  if (slot === slots.active) return 'active';
  const other: OtherSlotState = slots.other;
  return other === 'absent' ? undefined : other;
}

/** One credential in two slots; consumers read {@link TwoSlotCredential.active}. */
export class TwoSlotCredential<S extends CredentialSlotResources> extends Construct {
  /** Rotation target name (`uploader_key`). */
  public readonly name: string;
  /** The declared slot state. */
  public readonly slots: SlotState;
  /** The slot every consumer reads. */
  public readonly active: S;
  /** The other slot, when it exists (`active-standby` or `inactive`). */
  public readonly standby: S | undefined;
  private readonly bySlot: Partial<Record<CredentialSlot, S>> = {};

  constructor(scope: Construct, id: string, props: TwoSlotCredentialProps<S>) {
    super(scope, id);
    const label = `TwoSlotCredential ${props.name}`;
    if (!NAME.test(props.name)) throw new Error(`${label}: name must be lower_snake_case (it becomes <name>_a and <name>_b)`);
    const { config, status } = props;
    if (!Number.isInteger(config.maxAgeDays) || config.maxAgeDays < 1) throw new Error(`${label}: config.maxAgeDays must be a whole number of days >= 1, got ${config.maxAgeDays}`);
    if (!Number.isInteger(config.observationWindowHours) || config.observationWindowHours < 1) {
      throw new Error(`${label}: config.observationWindowHours must be a whole number of hours >= 1, got ${config.observationWindowHours}`);
    }
    if (status.attribute === '' || status.active === '' || status.inactive === '' || status.active === status.inactive) {
      throw new Error(`${label}: status needs an attribute and two different values`);
    }
    if (!/^[A-Z][A-Z0-9_]*$/.test(props.slotsVariable)) throw new Error(`${label}: slotsVariable must be an environment variable name`);
    this.name = props.name;
    this.slots = config.slots;

    for (const slot of [config.slots.active, otherSlot(config.slots.active)]) {
      const role = roleOf(slot, config.slots);
      if (role === undefined) continue;
      const logicalId = `${props.name}_${slot}`;
      let registered: TerraformResource | undefined;
      const context: CredentialSlotContext = {
        slot,
        role,
        credential: (resource) => {
          if (registered) throw new Error(`${label}: slot ${slot} registered a second credential`);
          resource.overrideLogicalId(logicalId);
          resource.addOverride(status.attribute, role === 'inactive' ? status.inactive : status.active);
          if (slot === 'a' && props.previousLogicalId) moveStateFrom(resource, `${resource.terraformResourceType}.${props.previousLogicalId}`);
          registered = resource;
          return resource;
        },
      };
      const resources = props.createSlot(new Construct(this, `slot-${slot}`), context);
      if (!registered || resources.credential !== registered) {
        throw new Error(`${label}: createSlot must register the credential it returns with context.credential(...)`);
      }
      this.bySlot[slot] = resources;
    }
    const type = (this.bySlot[config.slots.active] as S).credential.terraformResourceType;
    const standbyType = this.bySlot[otherSlot(config.slots.active)]?.credential.terraformResourceType;
    if (standbyType !== undefined && standbyType !== type) throw new Error(`${label}: both slots must hold the same resource type, got ${type} and ${standbyType}`);
    for (const slot of ['a', 'b'] as const) {
      const resources = this.bySlot[slot];
      if (!resources) continue;
      const metadata: CredentialSlotMetadata = {
        credential: props.name,
        slot,
        role: roleOf(slot, config.slots) as CredentialSlotRole,
        slots: formatSlotState(config.slots),
        slotsVariable: props.slotsVariable,
        addresses: { a: `${type}.${props.name}_a`, b: `${type}.${props.name}_b` },
        status,
        maxAgeDays: config.maxAgeDays,
        observationWindowHours: config.observationWindowHours,
      };
      resources.credential.addOverride(`//.${CREDENTIAL_SLOT_KEY}`, metadata);
    }
    this.active = this.bySlot[config.slots.active] as S;
    this.standby = this.bySlot[otherSlot(config.slots.active)];
  }

  /** The resources of `slot`, when it exists. */
  public slot(slot: CredentialSlot): S | undefined {
    return this.bySlot[slot];
  }
}

/** `aws_iam_access_key.status`: updates in place (`UpdateAccessKey`); `Inactive` is reversible. */
export const IAM_ACCESS_KEY_STATUS: CredentialStatusAttribute = { attribute: 'status', active: 'Active', inactive: 'Inactive' };

/** `cloudflare_api_token.status` / `cloudflare_account_token.status` (provider 5.14): `disabled` is reversible. */
export const CLOUDFLARE_TOKEN_STATUS: CredentialStatusAttribute = { attribute: 'status', active: 'active', inactive: 'disabled' };
