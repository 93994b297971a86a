/**
 * Test harness: stack traces formatted as V8 formats them (`at <frame>` lines, no source maps) while
 * the app synthesizes in a jest process. cdktf records a stack trace for every token it creates, and
 * under jest each one was mapped through the source maps jest installs: the costliest step of an
 * in-process synthesis. The stack text never reaches the synthesized output.
 */

/** How many `withPlainStackTraces` calls are running (they may overlap: each awaits its work). */
let depth = 0;
/** The hook in force before the first of them. */
let saved: typeof Error.prepareStackTrace;

/**
 * Runs `work` with plain V8 stack traces; the hook jest installed is back once no call is running.
 * (Unsetting the hook is not enough: Node then falls back to the source-mapping hook of jest's own
 * context.)
 */
export async function withPlainStackTraces<T>(work: () => Promise<T>): Promise<T> {
  if (depth++ === 0) {
    saved = Error.prepareStackTrace;
    Error.prepareStackTrace = (error, frames) => [String(error), ...frames.map((frame) => `    at ${frame}`)].join('\n');
  }
  try {
    return await work();
  } finally {
    if (--depth === 0) Error.prepareStackTrace = saved;
  }
}
