/** @type {import('jest').Config} */
module.exports = { ...require('../../jest.preset.js'), displayName: 'rotation', rootDir: __dirname };
