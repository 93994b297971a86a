/** @type {import('jest').Config} */
module.exports = { ...require('../../jest.preset.js'), displayName: 'tomoda', rootDir: __dirname };
