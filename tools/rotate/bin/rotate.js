#!/usr/bin/env node
// `npx rotate ...`: the compiled CLI (build with `node scripts/build.mjs`).
const { main, exitWhenFlushed } = require('../dist/cli.js');
main(process.argv.slice(2)).then(exitWhenFlushed);
