/** @type {import('jest').Config} */
module.exports = { ...require('../../jest.preset.js'), displayName: 'terraform-json', rootDir: __dirname };
