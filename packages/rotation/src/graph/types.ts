/** The shapes of the rotation graph: parsed stacks, nodes, reference sites, stack and repository graphs. */
import type { ReplacementTable } from '../providers/replacement-table';
import type { ReferenceIndex } from './references';
import type { JsonObject, JsonValue, TerraformConfiguration } from './terraform-json';

/** One synthesized stack, parsed: its configuration and the references of its expressions. */
export interface ParsedStack {
  /** Stack name (`tomoda-prod`). */
  readonly name: string;
  /** Folder of the stack, relative to the workspace root (`cdktf.out/stacks/tomoda-prod`). */
  readonly directory: string;
  /** The parsed `cdk.tf.json`. */
  readonly configuration: TerraformConfiguration;
  /** References of every expression string of the configuration. */
  readonly references: ReferenceIndex;
}

/** Where a stack keeps its state. */
export type StackBackend =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'cloud'; readonly organization: string; readonly workspace: string }
  | { readonly kind: 'other'; readonly type: string };

/** What a graph node is in Terraform. */
export type NodeKind = 'resource' | 'data' | 'output' | 'local' | 'variable';

/** A resource, data source, output, local or variable of one stack. */
export interface GraphNode {
  /** Terraform address: `aws_iam_access_key.k`, `data.t.n`, `output.n`, `local.n`, `var.n`. */
  readonly address: string;
  readonly kind: NodeKind;
  /** Resource or data source type; empty for outputs, locals and variables. */
  readonly type: string;
  readonly name: string;
  /** Configured attributes (meta-arguments removed); an output's body is `{ value }`, a local's is its value. */
  readonly body: JsonValue;
  /** `lifecycle.create_before_destroy`. */
  readonly createBeforeDestroy: boolean;
  /** `lifecycle.ignore_changes`: top-level attribute names, or 'all'. */
  readonly ignoreChanges: readonly string[] | 'all';
  /** The `//` comment block cdktf keeps on a resource (rotation metadata lives there). */
  readonly comment: JsonObject | undefined;
  /** Outputs: `sensitive = true`. */
  readonly sensitive: boolean;
}

/** How a reference reads the node it points at. */
export type SiteReading =
  /** The whole object (`aws_s3_bucket.b`, splats, for expressions). */
  | 'whole'
  /** A configured attribute (its value is known from configuration). */
  | 'configured'
  /** An attribute the provider computes (`id`, `arn`, `secret`): changes when the node is replaced or re-read. */
  | 'computed'
  /** `data.terraform_remote_state.x.outputs.<name>`: an output of another stack. */
  | 'remote-output';

/** One reference from one string of a node to another node of the same stack. */
export interface ReferenceSite {
  /** Address of the referencing node. */
  readonly from: string;
  /** Address of the referenced node. */
  readonly to: string;
  readonly reading: SiteReading;
  /** Traversal into the referenced node's body (normalized: `metadata[0].name` on a single block is `metadata.name`). */
  readonly path: readonly string[];
  /** Where the referencing string sits in the referencing node's body (`['data', 'access-key-id']`). */
  readonly location: readonly string[];
}

/** The graph of one stack. */
export interface StackGraph {
  readonly name: string;
  readonly directory: string;
  readonly backend: StackBackend;
  /** `region` of the first `aws` provider block, when the stack has one. */
  readonly awsRegion: string | undefined;
  /** `owner` of the first `github` provider block, when the stack has one. */
  readonly githubOwner: string | undefined;
  readonly nodes: ReadonlyMap<string, GraphNode>;
  /** Referenced address -> the sites that reference it (the reverse index the planner walks). */
  readonly dependents: ReadonlyMap<string, readonly ReferenceSite[]>;
  /** Referencing address -> the sites it holds (the forward index). */
  readonly referencesOf: ReadonlyMap<string, readonly ReferenceSite[]>;
  /** `data.terraform_remote_state.*` address -> the stack whose outputs it reads. */
  readonly upstreamOf: ReadonlyMap<string, string>;
  /** The replacement table the predictions of this stack use (chosen by the provider versions). */
  readonly replacementTable: ReplacementTable;
}

/** A remote-state read of another stack's output. */
export interface CrossStackConsumer {
  /** The consuming stack. */
  readonly stack: string;
  /** Its `data.terraform_remote_state.*` address. */
  readonly remoteState: string;
  /** The upstream output it reads. */
  readonly output: string;
}

/** Every stack of the repository and the references between them. */
export interface RepositoryGraph {
  /** Stack names, sorted: the stable order of plans and listings. */
  readonly stackNames: readonly string[];
  readonly stacks: ReadonlyMap<string, StackGraph>;
  /** `crossStackKey(upstream stack, output)` -> the stacks that read it. */
  readonly crossStackConsumers: ReadonlyMap<string, readonly CrossStackConsumer[]>;
  /** The replacement table the graph was built with (every stack's). */
  readonly replacementTable: ReplacementTable;
}
