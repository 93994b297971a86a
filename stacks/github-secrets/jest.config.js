/** @type {import('jest').Config} */
module.exports = { ...require('../../jest.preset.js'), displayName: 'github-secrets', rootDir: __dirname };
