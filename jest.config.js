// Every project's tests in one jest run (`npm test`): one jest process and two workers for the whole
// repository, instead of one jest (and its workers) per project, so the cold suite pays jest's
// start-up once and the two cores stay busy until the last file. Each project keeps its own
// jest.config.js (display name, root), which `nx run <project>:test` uses alone.
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const WORKSPACE_FOLDERS = ['apps', 'packages', 'stacks', 'tools'];

/** @type {import('jest').Config} */
module.exports = {
  projects: WORKSPACE_FOLDERS.flatMap((folder) => readdirSync(join(__dirname, folder)).map((name) => join(__dirname, folder, name)))
    .filter((project) => existsSync(join(project, 'jest.config.js')))
    .sort(),
  // Most of the slow files wait on child processes (Terraform, bash runbooks): two at a time.
  maxWorkers: 2,
};
