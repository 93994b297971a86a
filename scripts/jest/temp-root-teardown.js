// Jest global teardown: removes the run's private temporary directory (see temp-root-setup.js) and
// restores TMPDIR.
const { rmSync } = require('node:fs');

module.exports = async function removeTemporaryRoot() {
  const root = process.env.RAXX_TEST_TMP_ROOT;
  if (!root) return;
  delete process.env.RAXX_TEST_TMP_ROOT;
  rmSync(root, { recursive: true, force: true });
  if (process.env.RAXX_TEST_TMP_PARENT) process.env.TMPDIR = process.env.RAXX_TEST_TMP_PARENT;
  else delete process.env.TMPDIR;
  delete process.env.RAXX_TEST_TMP_PARENT;
};
