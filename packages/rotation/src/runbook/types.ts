/** The runbook value: what `rotate plan` returns and the renderers print. Types only. */
import type { StackBackend } from '../graph/graph';
import type { StackPrediction } from '../predict/predict';
import type { InStateTarget, OutOfStateTarget } from '../graph/targets';

/** A command of a runbook step, with what it proves or does. */
export interface Command {
  readonly description: string;
  readonly command: string;
}

/** Getting a stack's working directory ready and proving it starts with no changes. */
export interface PrepareStep {
  readonly stack: string;
  readonly directory: string;
  readonly backend: StackBackend;
  readonly commands: readonly Command[];
}

/** A place the key material flows to. */
export interface KeyFlow {
  readonly stack: string;
  readonly address: string;
  /**
   * `resource`, `data source`, `output`, `kubernetes secret` (projected by ESO), or `out-of-band
   * consumer` (declared on the credential; its address is the consumer's name).
   */
  readonly via: 'resource' | 'data source' | 'output' | 'kubernetes secret' | 'out-of-band consumer';
  readonly description: string;
}

/** What to do after the apply, derived from the graph. */
export type FollowUp =
  | {
      readonly kind: 'external-secret-refresh';
      readonly stack: string;
      readonly address: string;
      readonly name: string;
      readonly namespace: string;
      readonly refreshInterval: string;
      /** The Kubernetes Secret ESO writes. */
      readonly targetSecret: string;
      readonly commands: readonly Command[];
    }
  | {
      readonly kind: 'restart-consumers';
      readonly stack: string;
      /** The Kubernetes object whose annotation names the consumers. */
      readonly address: string;
      readonly namespace: string;
      readonly workloads: readonly string[];
      readonly commands: readonly Command[];
    }
  | {
      readonly kind: 'secret-store-auth';
      readonly stack: string;
      readonly address: string;
      readonly name: string;
      readonly namespace: string;
      /** ExternalSecrets that authenticate through this store. */
      readonly externalSecrets: readonly string[];
      readonly commands: readonly Command[];
    }
  | {
      readonly kind: 'apply-downstream-stack';
      readonly stack: string;
      /** Upstream outputs it reads that change. */
      readonly reads: readonly string[];
      readonly backend: StackBackend;
      readonly commands: readonly Command[];
      readonly expected: StackPrediction;
    }
  | {
      readonly kind: 'out-of-band-consumer';
      readonly stack: string;
      /** The credential the consumer is declared on. */
      readonly address: string;
      /** Who holds the copy (`Aembit`). */
      readonly name: string;
      /** The exact place of the copy. */
      readonly place: string;
      /** Outputs of the stack the copy is taken from. */
      readonly outputs: readonly string[];
      /** Read the outputs into shell variables, put them in place, forget them. */
      readonly commands: readonly Command[];
      /** How to check the new value took effect. */
      readonly check: readonly Command[];
      /** What the check must show. */
      readonly expect: string;
      /** Document the consumer comes from. */
      readonly source: string;
    }
  | {
      readonly kind: 'out-of-band-outputs';
      readonly stack: string;
      readonly outputs: readonly string[];
      readonly note: string;
    };

/** A window in which something can fail, and how long it lasts. */
export interface Risk {
  readonly summary: string;
  readonly mitigation: string;
}

/** Rotation of a key in Terraform state by replacing its resource. */
export interface ReplaceRotationPlan {
  readonly kind: 'replace';
  readonly target: InStateTarget;
  readonly prepare: PrepareStep;
  /** Stacks that follow by cross-stack reference: checked for "No changes." before starting too. */
  readonly prepareDownstream: readonly PrepareStep[];
  readonly identify: { readonly address: string; readonly flows: readonly KeyFlow[] };
  readonly replace: { readonly commands: readonly Command[]; readonly taintCommands: readonly Command[] };
  readonly expected: StackPrediction;
  /**
   * The private directory of the saved plans (they hold the stack's secrets in plain text): created
   * before the first plan, removed after the last apply and when the shell exits.
   */
  readonly savedPlans: { readonly note: string; readonly create: readonly Command[]; readonly remove: readonly Command[] };
  readonly followUps: readonly FollowUp[];
  readonly verification: readonly Command[];
  readonly risks: readonly Risk[];
  /** Caveats of the prediction (e.g. a resource type missing from the replacement table). */
  readonly warnings: readonly string[];
}

/** One step of a runbook outside Terraform, with the check that must pass before the next. */
export interface RunbookStep {
  readonly title: string;
  readonly commands: readonly Command[];
  /** What must hold before going on. */
  readonly check: string;
}

/** Zero-downtime rotation of a key outside Terraform state (create the new key before deleting the old). */
export interface CreateBeforeDeletePlan {
  readonly kind: 'create-before-delete';
  readonly target: OutOfStateTarget;
  readonly prepare: PrepareStep;
  readonly steps: readonly RunbookStep[];
  readonly verification: readonly Command[];
  readonly risks: readonly Risk[];
}

/**
 * Routine rotation of a two-slot credential (two-slot.ts): three reviewed configuration changes, each
 * with its expected plans and its `rotate verify`, separated by gates. The order of `steps` is a
 * contract: the old slot is deactivated only after every consumer has rolled out and the old
 * credential is proven unused, and it is deleted only once inactive.
 */
export interface TwoSlotPlan {
  readonly kind: 'two-slot';
  readonly target: InStateTarget;
  /** The credential: its slots, how its declaration changes, and where its material goes. */
  readonly credential: TwoSlotCredentialFacts;
  readonly prepare: PrepareStep;
  readonly steps: readonly TwoSlotStep[];
  readonly verification: readonly Command[];
  readonly risks: readonly Risk[];
  readonly warnings: readonly string[];
}

/** What the two-slot runbook states about the credential. */
export interface TwoSlotCredentialFacts {
  /** Slot state the rotation starts from (`a`) and its end (`b`). */
  readonly from: string;
  readonly to: string;
  /** The slot state declared by the configuration the tool read, and which step that is (0 = not started). */
  readonly declared: string;
  readonly declaredPhase: 0 | 1 | 2 | 3;
  /** Old and new slot and their credentials' addresses. */
  readonly oldSlot: 'a' | 'b';
  readonly newSlot: 'a' | 'b';
  readonly oldAddress: string;
  readonly newAddress: string;
  /** Environment variable that overrides the declaration (`RAXX_PROD_UPLOADER_KEY_SLOTS`). */
  readonly slotsVariable: string;
  readonly maxAgeDays: number;
  readonly observationWindowHours: number;
  /** Attribute and values that switch the credential off in place. */
  readonly status: { readonly attribute: string; readonly active: string; readonly inactive: string };
}

/** One step of a two-slot rotation: a configuration change applied by Terraform, or a gate. */
export type TwoSlotStep = TwoSlotPhase | TwoSlotGate;

/** A configuration change: declare the new slot state, plan, verify, apply. */
export interface TwoSlotPhase {
  readonly kind: 'phase';
  readonly phase: 1 | 2 | 3;
  readonly id: 'create-and-switch' | 'deactivate-old' | 'retire-old';
  readonly title: string;
  /** The slot state this phase declares (`b+active-standby`). */
  readonly slots: string;
  /** Declaring it: the configuration change, or the variable for this shell. */
  readonly declare: readonly Command[];
  /** Plan, verify and apply each stack, in order. */
  readonly commands: readonly Command[];
  /** Expected plan of each stack, the credential's stack first. */
  readonly expected: readonly StackPrediction[];
  /** What must hold before the next step. */
  readonly check: string;
  /** The one-line way back, when the phase is reversible. */
  readonly wayBack?: Command;
}

/** A gate: commands that must succeed before the next step, and why. */
export interface TwoSlotGate {
  readonly kind: 'gate';
  readonly id: 'record-old' | 'synced-after-apply' | 'consumers-rolled-out' | 'out-of-band-consumers' | 'old-unused' | 'observe-inactive';
  readonly title: string;
  readonly commands: readonly Command[];
  readonly check: string;
}

/** The default runbook of a target: replace a key in state, create-before-delete a key outside. */
export type RotationPlan = ReplaceRotationPlan | CreateBeforeDeletePlan;

/** Every runbook the tool prints: the defaults and the other strategies. */
export type Runbook = RotationPlan | TwoSlotPlan | EmergencyRevokePlan;

/** The emergency path of a key outside Terraform state (revoke every key at once, then escalate). */
export interface EmergencyRevokePlan {
  readonly kind: 'emergency-revoke';
  readonly target: OutOfStateTarget;
  readonly prepare: PrepareStep;
  readonly steps: readonly RunbookStep[];
  readonly verification: readonly Command[];
  readonly risks: readonly Risk[];
}

/** How a rotation is carried out. */
export type RotationStrategy = 'replace' | 'two-slot' | 'create-before-delete';

/** What `plan --target` asks for. */
export interface PlanRequest {
  readonly target: string;
  readonly stack?: string;
  /** @default - `replace` for keys in state, `create-before-delete` for keys outside */
  readonly strategy?: RotationStrategy;
}
