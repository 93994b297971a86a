/** @type {import('jest').Config} */
module.exports = { ...require('../../jest.preset.js'), displayName: 'r2-backups', rootDir: __dirname };
