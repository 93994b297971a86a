/**
 * The slot states of a two-slot rotation (pure). The declaration `<active>[+<other>]` is @raxx/config's
 * slot state (credential-slots.ts: `parseSlotState`, `formatSlotState`), the one parser of it:
 *
 *   start        X                 (Y absent)
 *   phase 1      Y+active-standby  create Y, switch every consumer to it; X stays valid
 *   phase 2      Y+inactive        switch X off in place
 *   phase 3      Y                 delete X
 */
import type { CredentialSlot, SlotState } from '@raxx/config';
import { otherSlot } from '@raxx/config';


/** A slot. */
export type Slot = CredentialSlot;

/** Which slot is active and what the other one is (the configuration's slot state). */
export type SlotDeclaration = SlotState;

/** The four declarations of one rotation, and where a given declaration stands in it. */
export interface RotationStates {
  readonly start: SlotDeclaration;
  /** After phase 1, 2 and 3. */
  readonly phases: readonly [SlotDeclaration, SlotDeclaration, SlotDeclaration];
  /** The phase the declaration the tool read corresponds to (0: not started). */
  readonly declaredPhase: 0 | 1 | 2 | 3;
}

/**
 * The rotation that passes through `declared`. A declaration without a second slot is the start of
 * the next rotation, unless `endOfRotation` says it is the end of the current one (the declaration
 * after phase 3, which `verify --phase 3` compares against).
 */
export function rotationStates(declared: SlotDeclaration, endOfRotation = false): RotationStates {
  const newSlot = declared.other === 'absent' && !endOfRotation ? otherSlot(declared.active) : declared.active;
  const oldSlot = otherSlot(newSlot);
  const declaredPhase = declared.other === 'active-standby' ? 1 : declared.other === 'inactive' ? 2 : endOfRotation ? 3 : 0;
  return {
    start: { active: oldSlot, other: 'absent' },
    phases: [
      { active: newSlot, other: 'active-standby' },
      { active: newSlot, other: 'inactive' },
      { active: newSlot, other: 'absent' },
    ],
    declaredPhase,
  };
}

/** The declarations before and after phase `phase` (1, 2 or 3). */
export function phaseTransition(states: RotationStates, phase: 1 | 2 | 3): { before: SlotDeclaration; after: SlotDeclaration } {
  return { before: phase === 1 ? states.start : states.phases[phase - 2], after: states.phases[phase - 1] };
}
