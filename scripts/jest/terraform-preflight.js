// Jest global setup, first step: the rotation tool's tests run Terraform 1.11 (its shadow plans use
// only the built-in terraform_data resource, offline). Without it on PATH each of them would fail with
// its own noise; the run stops here instead, with one line naming what is missing, and exit code 1.
const { spawnSync } = require('node:child_process');

/** The Terraform minor version the tests need. */
const REQUIRED_TERRAFORM = '1.11';

/** Why `terraform` on the PATH of `env` cannot run the tests (one line), or undefined when it can. */
function terraformProblem(env = process.env) {
  const run = spawnSync('terraform', ['version', '-json'], {
    env: { ...env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.error && run.error.code === 'ENOENT') {
    return `terraform ${REQUIRED_TERRAFORM} is not on PATH: install Terraform ${REQUIRED_TERRAFORM}.x (the rotation tests run it) and run the tests again`;
  }
  if (run.error || run.status !== 0) {
    const why = run.error ? run.error.message : (run.stderr || run.stdout).trim().split('\n').pop();
    return `terraform on PATH does not run (terraform version -json: ${why}); the tests need Terraform ${REQUIRED_TERRAFORM}.x`;
  }
  let version;
  try {
    version = JSON.parse(run.stdout).terraform_version;
  } catch {
    return `terraform on PATH printed no version (terraform version -json); the tests need Terraform ${REQUIRED_TERRAFORM}.x`;
  }
  if (typeof version !== 'string' || !version.startsWith(`${REQUIRED_TERRAFORM}.`)) {
    return `terraform on PATH is ${version}; the tests need Terraform ${REQUIRED_TERRAFORM}.x`;
  }
  return undefined;
}

let checked = false;

/** Stops the run with one line on stderr (exit 1) when Terraform cannot run the tests; checks once per run. */
function requireTerraform(env = process.env) {
  if (checked) return;
  const problem = terraformProblem(env);
  if (problem !== undefined) {
    process.stderr.write(`npm test: ${problem}\n`);
    process.exit(1);
  }
  checked = true;
}

module.exports = { REQUIRED_TERRAFORM, terraformProblem, requireTerraform };
