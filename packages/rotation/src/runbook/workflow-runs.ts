/** Dispatching a GitHub Actions workflow and waiting on exactly the run it started (pure). */
import type { GithubSecretConsumer } from '@raxx/constructs';
import type { Command } from './types';

/**
 * `gh workflow run` prints no run id, and `gh run list --limit 1` can show the previous run (the new
 * one takes seconds to appear, and someone else may dispatch too). So: record the time before the
 * dispatch, then take the oldest `workflow_dispatch` run of this workflow, by this user, created at
 * or after it, and watch that id until it ends (`--exit-status` fails when the run fails).
 */
export function dispatchAndWatch(consumer: GithubSecretConsumer, fields = '--field dry_run=true'): Command[] {
  const repo = `--repo ${consumer.repository}`;
  return [
    { description: 'who dispatches (runs are filtered by it)', command: 'GH_USER=$(gh api user --jq .login)' },
    { description: 'the time just before the dispatch (UTC, as GitHub records it)', command: 'DISPATCHED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)' },
    { description: `dry run of ${consumer.workflow} in ${consumer.repository}`, command: `gh workflow run ${consumer.workflow} ${fields} ${repo}`.replace(/ +/g, ' ') },
    {
      description: 'the id of that run: the oldest dispatched by you since DISPATCHED_AT (waits up to a minute for it to appear)',
      command: `RUN_ID=""; for i in $(seq 30); do RUN_ID=$(gh run list --workflow ${consumer.workflow} ${repo} --event workflow_dispatch --user "$GH_USER" --created "$DISPATCHED_AT..*" --json databaseId --jq '.[].databaseId' | tail -n 1); [ -n "$RUN_ID" ] && break; sleep 2; done; test -n "$RUN_ID"`,
    },
    { description: 'watch exactly that run until it ends; fails if the run fails', command: `gh run watch "$RUN_ID" ${repo} --exit-status` },
  ];
}
