/**
 * What can go wrong around the synthesized output, as values. Every consumer turns one of these into
 * one line naming the file and the problem.
 */

export type SynthesisError =
  /** The output (or a file the manifest names) is not there. */
  | { readonly kind: 'synthesis-missing'; readonly path: string; readonly detail: string }
  /** A file is there but is not what a synthesis writes. */
  | { readonly kind: 'synthesis-malformed'; readonly path: string; readonly detail: string }
  /** The synthesis itself failed (its one-line reason). */
  | { readonly kind: 'synthesis-failed'; readonly detail: string };

/** A value or the reason there is none. */
export type SynthesisResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SynthesisError };

/** The one line for `error`. */
export function describeSynthesisError(error: SynthesisError): string {
  switch (error.kind) {
    case 'synthesis-missing':
      return `no synthesized output at ${error.path}: ${error.detail}`;
    case 'synthesis-malformed':
      return `malformed synthesized output ${error.path}: ${error.detail}`;
    case 'synthesis-failed':
      return `synthesis failed: ${error.detail}`;
  }
}
