/** @type {import('jest').Config} */
module.exports = { ...require('../../jest.preset.js'), displayName: 'tfc-api', rootDir: __dirname };
