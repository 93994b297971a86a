// Jest global setup of every project: the Terraform preflight (terraform-preflight.js), then the run's
// private temporary directory (temp-root-setup.js).
const { requireTerraform } = require('./terraform-preflight');
const createTemporaryRoot = require('./temp-root-setup');

module.exports = async function globalSetup() {
  requireTerraform();
  await createTemporaryRoot();
};
