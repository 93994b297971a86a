/** The runbook value: what `rotate plan` returns and the renderers print. Types only. */
import type { StackBackend } from '../graph';
import type { StackPrediction } from '../predict';
import type { InStateTarget, OutOfStateTarget } from '../targets';

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

export type RotationPlan = ReplaceRotationPlan | CreateBeforeDeletePlan;

/** What `plan --target` asks for. */
export interface PlanRequest {
  readonly target: string;
  readonly stack?: string;
}
