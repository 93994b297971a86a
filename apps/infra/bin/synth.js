#!/usr/bin/env node
// `npm run synth` and cdktf.json's app: one process that brings dist/ up to date (a stat walk when it is
// fresh, no transpile) and then runs the compiled app (`src/main.ts`), which synthesizes every stack.
//
//   node apps/infra/bin/synth.js [--outdir DIR] [--only STACK_PREFIX]
'use strict';
require('../build.js').buildWorkspaces();
require('../dist/main.js');
