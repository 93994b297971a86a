/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'rotate',
  rootDir: __dirname,
  // Most of these files wait on child processes (Terraform, the compiled CLI, bash runbooks): two files
  // at a time even on two cores (jest's default there is one), which halves the suite's critical path.
  maxWorkers: 2,
};
