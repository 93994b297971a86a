/** @type {import('jest').Config} */
module.exports = { ...require('../../jest.preset.js'), displayName: 'app', rootDir: __dirname };
