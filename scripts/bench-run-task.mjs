// The run task under load (part of `npm run bench`): the server process (`rotate run-task serve`) against
// the local Terraform Cloud stand-in (tools/rotate/test/support/tfc-stand-in.ts), with real HMAC signatures.
//  - 20 concurrent signed post_plan requests of a 2,000-resource plan: reviews per second, p50/p99 latency
//    (request sent -> result PATCHed back);
//  - an unsigned flood of 500 connections that each announce a 1 MB body and stall: the server's peak RSS
//    growth, and whether a signed request sent during the flood is answered at once.
// Reports only; never fails on a figure.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

const KEY = 'bench-run-task-hmac-key-not-a-secret-0123';
const TOKEN = 'bench-run-token';

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** A `terraform show -json`-shaped plan of `count` resources: policies left in place, for the stack's workspace. */
function bigPlan(count) {
  const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'AllowS3Upload', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::tomoda-assets-prod/*' }] });
  const resource_changes = Array.from({ length: count }, (_, i) => ({
    address: `aws_iam_user_policy.bench_${i}`,
    mode: 'managed',
    type: 'aws_iam_user_policy',
    name: `bench_${i}`,
    change: { actions: ['no-op'], before: { policy: document, user: 'tomoda-uploader-prod' }, after: { policy: document, user: 'tomoda-uploader-prod' }, after_unknown: {} },
  }));
  return JSON.stringify({ format_version: '1.2', terraform_version: '1.11.0', applyable: false, complete: true, errored: false, resource_changes, configuration: { root_module: {} } });
}

export async function benchRunTask({ root, outdir, record, loadTypeScript }) {
  const cli = join(root, 'tools/rotate/dist/cli/main.js');
  if (!existsSync(cli)) {
    console.log('run task: tools/rotate/dist not built (run npm test once); skipped');
    return;
  }
  const { TerraformCloudStandIn } = loadTypeScript(join(root, 'tools/rotate/test/support/tfc-stand-in.ts'));
  const tfc = new TerraformCloudStandIn(new Set([TOKEN]));
  await tfc.start();
  tfc.serve('/api/v2/plans/plan-big/json-output', { kind: 'plan', json: bigPlan(2000) });
  const server = spawn(process.execPath, [cli, 'run-task', 'serve', '--port', '0', '--host', '127.0.0.1', '--synth-dir', outdir], {
    cwd: root,
    env: { ...process.env, RAXX_RUN_TASK_HMAC_KEY: KEY, TFE_ADDRESS: tfc.address },
  });
  let output = '';
  const port = await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const found = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)?.[1];
      if (found) resolve(Number(found));
    });
    server.stderr.on('data', (chunk) => (output += chunk));
    server.once('exit', (code) => reject(new Error(`run task server exited ${code}: ${output.trim().split('\n').pop()}`)));
  });
  const url = `http://127.0.0.1:${port}/`;
  let ids = 0;
  const signedReview = async () => {
    const id = `bench${ids++}`;
    const body = JSON.stringify({
      payload_version: 1,
      access_token: TOKEN,
      stage: 'post_plan',
      task_result_id: `taskrs-${id}`,
      task_result_callback_url: `${tfc.address}/api/v2/task-results/taskrs-${id}/callback`,
      run_id: `run-${id}`,
      workspace_name: 'raxx-tomoda-prod',
      workspace_id: 'ws-bench',
      plan_json_api_url: `${tfc.address}/api/v2/plans/plan-big/json-output`,
    });
    const started = performance.now();
    const patched = tfc.nextPatch(`/api/v2/task-results/taskrs-${id}/callback`);
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-TFC-Task-Signature': createHmac('sha512', KEY).update(body).digest('hex') }, body });
    const answered = performance.now() - started;
    await response.text();
    await patched;
    return { answered, reviewed: performance.now() - started };
  };
  try {
    await signedReview(); // warm-up
    const started = performance.now();
    const timings = await Promise.all(Array.from({ length: 20 }, signedReview));
    const wall = (performance.now() - started) / 1000;
    const latencies = timings.map((timing) => timing.reviewed);
    record({ name: 'run task: reviews/s (20 x 2k-resource)', value: 20 / wall, unit: '/s' });
    record({ name: 'run task: review p50, 20 concurrent', value: percentile(latencies, 50), unit: 'ms' });
    record({ name: 'run task: review p99, 20 concurrent', value: percentile(latencies, 99), unit: 'ms', target: '< 1000 ms' });

    // The unsigned flood: 500 connections announce a 1 MB body, send 64 KiB of it, and stall.
    const before = rssMiB(server.pid);
    let peak = before;
    const poll = setInterval(() => (peak = Math.max(peak, rssMiB(server.pid))), 20);
    const sockets = [];
    let refused = 0;
    await Promise.all(
      Array.from({ length: 500 }, () => new Promise((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('POST / HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n');
          socket.write(Buffer.alloc(64 * 1024, 0x20), () => resolve());
        });
        socket.on('error', () => resolve());
        socket.on('close', () => refused++);
        sockets.push(socket);
      })),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const during = await signedReview();
    clearInterval(poll);
    record({ name: 'run task: RSS growth, 500 stalled 1 MB', value: peak - before, unit: 'MiB', target: '< 100 MiB' });
    record({ name: 'run task: flood connections closed', value: refused, unit: 'of 500' });
    record({ name: 'run task: signed answer during flood', value: during.answered, unit: 'ms', target: 'at once' });
    for (const socket of sockets) socket.destroy();
  } finally {
    server.kill('SIGTERM');
    await tfc.stop();
  }
}
