#!/usr/bin/env node
// `npx rotate ...`: the compiled CLI (build with `node scripts/build.mjs`).
const { main } = require('../dist/cli.js');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
