// Shared jest settings: a transpile-only swc transform (no type-checking on the test path; types are
// checked by the separate `typecheck` target) and the `source` export condition, so workspace packages
// resolve to their TypeScript sources instead of their built dist/.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'require', 'default'] },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
  cacheDirectory: '<rootDir>/../../node_modules/.cache/jest',
  // One private temporary directory per run, removed at its end: nothing a test (or cdktf's
  // Testing.app) writes under os.tmpdir() outlives the run.
  // cdktf's creation traces are empty in tests (see the file).
  setupFiles: [require.resolve('./scripts/jest/empty-creation-traces.js')],
  // Terraform 1.11 on PATH, checked first (one line and exit 1 when missing); then the temporary root.
  globalSetup: require.resolve('./scripts/jest/global-setup.js'),
  globalTeardown: require.resolve('./scripts/jest/temp-root-teardown.js'),
};
