/**
 * cdktf records where every token was created: the constructor of each token (an `Intrinsic` such as a
 * reference or a function call, a `Lazy`, a provider binding's output reference, a dynamic block)
 * captures a complete stack trace (`Error.stackTraceLimit` raised to the maximum) and formats it into
 * strings at once. The trace only ever appears in the text of a resolution error ("Object creation
 * stack"); it is never part of the synthesized configuration. With ~260 tokens per synthesis, walking and
 * formatting those stacks was the largest single cost of composing the stacks (and its garbage slowed
 * the first resolution pass).
 *
 * No public cdktf option turns it off. Every one of those captures goes through cdktf's one helper
 * (`lib/tokens/private/stack-trace.js`), which calls `Error.captureStackTrace(object, helper)` on a plain
 * object whose `stack` starts empty. While `run` runs (synchronously), `Error.captureStackTrace` skips
 * exactly the calls made by that helper, so the token's creation stack stays empty; every other call
 * (errors, construct metadata such as annotations, whose trace the manifest carries) goes to V8 as before.
 * Restored afterwards, also when `run` throws. If a cdktf release moves the helper, nothing is skipped.
 */

type CaptureStackTrace = typeof Error.captureStackTrace;

let tokenStackHelper: CaptureStackTrace | null | undefined;

/** cdktf's stack-trace helper, or null when this cdktf has none where 0.21 keeps it. */
function cdktfTokenStackHelper(): CaptureStackTrace | null {
  if (tokenStackHelper === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const helper = (require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace?: unknown }).captureStackTrace;
      tokenStackHelper = typeof helper === 'function' ? (helper as CaptureStackTrace) : null;
    } catch {
      tokenStackHelper = null;
    }
  }
  return tokenStackHelper;
}

/** Runs `run` with cdktf's token creation stacks left empty (see the file comment). */
export function withoutTokenCreationStacks<T>(run: () => T): T {
  const helper = cdktfTokenStackHelper();
  if (!helper) return run();
  const original = Error.captureStackTrace;
  Error.captureStackTrace = function captureStackTrace(...args: Parameters<CaptureStackTrace>): void {
    if (args[1] === helper) return;
    original.apply(Error, args);
  };
  try {
    return run();
  } finally {
    Error.captureStackTrace = original;
  }
}
