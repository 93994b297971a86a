/** @type {import('jest').Config} */
module.exports = { ...require('../../jest.preset.js'), displayName: 'run-task', rootDir: __dirname };
