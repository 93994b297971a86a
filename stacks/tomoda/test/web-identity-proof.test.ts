/**
 * The proof of a workload-identity environment, simulated (IAM policy evaluation with conditions) on
 * the synthesized stacks of every declaration: the trust of each role admits exactly its service
 * account of its own cluster with the audience, and the roles can do exactly what the users could.
 */
import { ENVIRONMENT_NAMES, EnvironmentName, TOMODA_IDENTITY_MODES, TomodaIdentityMode, loadPlatformConfig } from '@raxx/config';
import { resolveAllPrincipals, runNag, RAXX_POLICY_PACK } from '@raxx/policy-proof';
import { proveSentence } from '@raxx/policy-proof/simulation';
import { Testing } from 'cdktf';
import { tomodaSentences } from '../proof';
import { TomodaStack } from '../src';

function synthesizeAll(vars: NodeJS.ProcessEnv) {
  const config = loadPlatformConfig(vars);
  const app = Testing.app();
  const stacks = Object.fromEntries(ENVIRONMENT_NAMES.map((env) => [env, new TomodaStack(app, { environment: config.environments[env] })])) as Record<EnvironmentName, TomodaStack>;
  const synthesized = ENVIRONMENT_NAMES.map((env) => ({ name: stacks[env].stackName, json: JSON.parse(Testing.synth(stacks[env])) }));
  return { config, stacks, synthesized };
}

const modes = TOMODA_IDENTITY_MODES.filter((mode): mode is Exclude<TomodaIdentityMode, 'access-keys'> => mode !== 'access-keys');

describe.each(modes)('RAXX_PROD_TOMODA_IDENTITY=%s', (mode) => {
  const { config, stacks, synthesized } = synthesizeAll({ RAXX_PROD_TOMODA_IDENTITY: mode });
  const principals = resolveAllPrincipals(synthesized, config);
  const sentences = tomodaSentences(stacks, 'prod');

  test.each(sentences.map((s) => [`${s.principal}: ${s.text}`, s] as const))('%s', async (_, sentence) => {
    const outcomes = await proveSentence(sentence, principals);
    expect(outcomes.filter((o) => !o.holds).map((o) => o.message)).toEqual([]);
    expect(outcomes).toHaveLength(sentence.checks.length);
  });

  test('the principals are the declaration\'s: users while keys exist, roles from phase 1', () => {
    const prod = principals.filter((p) => p.stack === 'tomoda-prod').map((p) => p.address);
    const users = mode === 'workload-identity' ? [] : ['aws_iam_user.eso_reader', 'aws_iam_user.uploader'];
    expect(prod.sort()).toEqual([...users, 'aws_iam_role.eso_reader', 'aws_iam_role.uploader'].sort());
  });

  test('the generic rule pack holds for the stack, RAXX-OIDC1 included', async () => {
    const report = await runNag(synthesized, config, { pack: RAXX_POLICY_PACK, exceptions: [] });
    expect(report.findings.filter((f) => f.stack === 'tomoda-prod')).toEqual([]);
  });
});

test('the simulation refuses a token of the right service account from another issuer by the principal, not by a condition', async () => {
  const { config, stacks, synthesized } = synthesizeAll({ RAXX_PROD_TOMODA_IDENTITY: 'workload-identity' });
  const principals = resolveAllPrincipals(synthesized, config);
  const sentence = tomodaSentences(stacks, 'prod').find((s) => s.principal === 'aws_iam_role.uploader' && s.text.startsWith('another service account'));
  if (!sentence) throw new Error('no sentence');
  const outcomes = await proveSentence(sentence, principals);
  expect(outcomes.map((o) => [o.check.kind === 'assume' ? o.check.principal : '', o.decision.result])).toEqual([
    ...Array(6).fill(['arn:aws:iam::333333333333:oidc-provider/container.googleapis.com/v1/projects/raxx-tomoda-prod/locations/us-central1/clusters/tomoda-prod', 'ImplicitlyDenied']),
    ['arn:aws:iam::333333333333:oidc-provider/container.googleapis.com/v1/projects/raxx-tomoda-dev/locations/us-central1/clusters/tomoda-dev', 'ImplicitlyDenied'],
    ['arn:aws:iam::333333333333:oidc-provider/container.googleapis.com/v1/projects/raxx-tomoda-staging/locations/us-central1/clusters/tomoda-staging', 'ImplicitlyDenied'],
    ['arn:aws:iam::333333333333:oidc-provider/container.googleapis.com/v1/projects/someone-else/locations/us-central1/clusters/tomoda', 'ImplicitlyDenied'],
  ]);
});

test('a trust without the sub condition fails both the proof (another service account is allowed) and RAXX-OIDC1', async () => {
  const { config, stacks, synthesized } = synthesizeAll({ RAXX_PROD_TOMODA_IDENTITY: 'workload-identity' });
  const prod = synthesized.find((s) => s.name === 'tomoda-prod');
  if (!prod) throw new Error('no tomoda-prod');
  const role = prod.json.resource.aws_iam_role.uploader;
  const trust = JSON.parse(role.assume_role_policy);
  const equals = trust.Statement[0].Condition.StringEquals;
  const sub = Object.keys(equals).find((key) => key.endsWith(':sub')) as string;
  delete equals[sub];
  role.assume_role_policy = JSON.stringify(trust);

  const principals = resolveAllPrincipals(synthesized, config);
  const sentence = tomodaSentences(stacks, 'prod').find((s) => s.principal === 'aws_iam_role.uploader' && s.text.startsWith('another service account'));
  if (!sentence) throw new Error('no sentence');
  const broken = (await proveSentence(sentence, principals)).filter((o) => !o.holds);
  expect(broken).toHaveLength(4); // the four other service accounts; audience and issuer still refused
  const report = await runNag(synthesized, config, { pack: RAXX_POLICY_PACK, exceptions: [] });
  expect(report.findings.map((f) => `${f.ruleId} ${f.address} ${f.finding}`)).toEqual([`RAXX-OIDC1 aws_iam_role.uploader Condition::${sub}`]);
});
