#!/usr/bin/env node
// `npx rotate ...`: brings the compiled tool up to date (the app's incremental build: a stat walk when
// nothing changed) and runs its CLI.
require('@raxx/infra/build').buildWorkspaces();
const { main, exitWhenFlushed } = require('../dist/cli/main.js');
main(process.argv.slice(2)).then(exitWhenFlushed);
