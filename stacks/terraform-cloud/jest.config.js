/** @type {import('jest').Config} */
module.exports = { ...require('../../jest.preset.js'), displayName: 'terraform-cloud', rootDir: __dirname };
