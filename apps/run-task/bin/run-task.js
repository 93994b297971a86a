#!/usr/bin/env node
// `run-task --port <port> [--host <addr>] [--synth-dir <dir>]`: the run task server. The rotate CLI
// composes it with the synthesized stacks it reads (`rotate run-task serve`), so this is that command.
require('@raxx/infra/build').buildWorkspaces();
const { main, exitWhenFlushed } = require('../../../tools/rotate/dist/cli/main.js');
main(['run-task', 'serve', ...process.argv.slice(2)]).then(exitWhenFlushed);
