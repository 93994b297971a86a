import { taskResultBody } from '../src/result-body';
import { serveSettings } from '../src/serve';

describe('the task result PATCHed to the callback', () => {
  test('is JSON:API task-results with one outcome per check; failed when any check failed', () => {
    const body = taskResultBody(
      [
        { id: 'rotation', passed: false, description: 'rotation of uploader_key leaves the predicted blast radius at aws_s3_bucket.static_assets', body: '- `aws_s3_bucket.static_assets`: deleted' },
        { id: 'iam-rule-pack', passed: true, description: 'IAM rule pack: 2 planned policy document(s), no finding', body: 'ok' },
      ],
      'https://app.terraform.io/app/acme/raxx-tomoda-prod/runs/run-1',
    );
    expect(body).toEqual({
      data: {
        type: 'task-results',
        attributes: {
          status: 'failed',
          message: '1 of 2 check(s) failed: rotation of uploader_key leaves the predicted blast radius at aws_s3_bucket.static_assets',
          url: 'https://app.terraform.io/app/acme/raxx-tomoda-prod/runs/run-1',
        },
        relationships: {
          outcomes: {
            data: [
              {
                type: 'task-result-outcomes',
                attributes: {
                  'outcome-id': 'rotation',
                  description: 'rotation of uploader_key leaves the predicted blast radius at aws_s3_bucket.static_assets',
                  body: '- `aws_s3_bucket.static_assets`: deleted',
                  url: 'https://app.terraform.io/app/acme/raxx-tomoda-prod/runs/run-1',
                  tags: { Status: [{ label: 'Failed', level: 'error' }] },
                },
              },
              {
                type: 'task-result-outcomes',
                attributes: {
                  'outcome-id': 'iam-rule-pack',
                  description: 'IAM rule pack: 2 planned policy document(s), no finding',
                  body: 'ok',
                  url: 'https://app.terraform.io/app/acme/raxx-tomoda-prod/runs/run-1',
                  tags: { Status: [{ label: 'Passed', level: 'info' }] },
                },
              },
            ],
          },
        },
      },
    });
  });

  test('no outcome is never a pass', () => {
    expect((taskResultBody([]) as { data: { attributes: { status: string } } }).data.attributes.status).toBe('failed');
  });
});

describe('rotate run-task serve settings', () => {
  const KEY = 'run-task-test-hmac-key-not-a-secret-0123';
  test('refuses to start without RAXX_RUN_TASK_HMAC_KEY, with a short one, or without --port', () => {
    expect(serveSettings('8080', undefined, {})).toEqual({
      ok: false,
      error: { kind: 'usage', detail: "RAXX_RUN_TASK_HMAC_KEY is not set: the run task's HMAC key is required (the same value as the task's HMAC key in Terraform Cloud)" },
    });
    expect(serveSettings('8080', undefined, { RAXX_RUN_TASK_HMAC_KEY: 'short' })).toEqual({
      ok: false,
      error: { kind: 'usage', detail: 'RAXX_RUN_TASK_HMAC_KEY is shorter than 32 characters; generate one with `openssl rand -hex 32`' },
    });
    expect(serveSettings(undefined, undefined, { RAXX_RUN_TASK_HMAC_KEY: KEY })).toEqual({ ok: false, error: { kind: 'usage', detail: 'rotate run-task serve needs --port <port>' } });
  });

  test('listens on 127.0.0.1 unless --host says otherwise', () => {
    const settings = serveSettings('8080', undefined, { RAXX_RUN_TASK_HMAC_KEY: KEY });
    expect(settings.ok && { port: settings.value.port, host: settings.value.host, tfe: settings.value.tfeAddress.href }).toEqual({ port: 8080, host: '127.0.0.1', tfe: 'https://app.terraform.io/' });
  });
});
