import { isOutOfStateCredential } from '../src/rotation-conventions';

test('an out-of-state credential needs its name, user, region and consumers', () => {
  const credential = { name: 'k', kind: 'aws_iam_access_key', userName: 'u', region: 'us-east-1', rotateEveryDays: 90, consumers: [], runbook: 'r.txt' };
  expect(isOutOfStateCredential(credential)).toBe(true);
  expect(isOutOfStateCredential({ ...credential, consumers: null })).toBe(false);
  expect(isOutOfStateCredential({ ...credential, userName: 7 })).toBe(false);
  expect(isOutOfStateCredential([credential])).toBe(false);
});
