// Jest global setup: every test process of this run writes its temporary files under one private
// directory (TMPDIR, read by os.tmpdir() in the workers, in cdktf's Testing.app and in every child
// process they start), removed by temp-root-teardown.js. A test run leaves nothing in the system's
// temporary directory, even when a test (or a library) forgets its own clean-up.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async function createTemporaryRoot() {
  if (process.env.RAXX_TEST_TMP_ROOT) return; // a project of a multi-project run: the first one made it
  const root = mkdtempSync(join(tmpdir(), 'raxx-test-run-'));
  process.env.RAXX_TEST_TMP_ROOT = root;
  process.env.RAXX_TEST_TMP_PARENT = process.env.TMPDIR ?? '';
  process.env.TMPDIR = root;
};
