// Jest setup file (every test file of every project): cdktf (and constructs) record where every token,
// computed list and construct was created by capturing a full stack trace on a plain `{ stack: '' }`
// object; the trace only ever appears in an error message. Under jest every such trace is source-mapped
// frame by frame, about a third of the CPU of a stack's tests. Here the stack of anything that is not an
// Error formats to '' (cdktf then keeps an empty trace), and an Error's stack is formatted by jest as
// before, source-mapped, so a failing test still points at its TypeScript line.
// (The app's command line does the same for its own synthesis: apps/infra/src/token-creation-stacks.ts.)

// The formatter jest installed on the Error of its own realm; it formats the stack of an error thrown in
// the test file unless the test file's Error has a formatter of its own.
const jestRealmError = Buffer.constructor('return Error')();
const jestFormat = jestRealmError.prepareStackTrace;
if (jestRealmError !== Error && jestFormat !== undefined) {
  Error.prepareStackTrace = (target, frames) => (target instanceof Error ? jestFormat(target, frames) : '');
}
