/** @type {import('jest').Config} */
module.exports = { ...require('../../jest.preset.js'), displayName: 'freescout-backup', rootDir: __dirname };
