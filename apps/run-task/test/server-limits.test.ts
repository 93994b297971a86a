/** The server's caps on connections and on the time a client may take (set on Node's http server). */
import type { RepositoryGraph } from '@raxx/rotation/graph/graph';
import { createRunTaskServer } from '../src/server';

const props = { hmacKey: 'run-task-test-hmac-key-not-a-secret-0123', tfeAddress: new URL('http://127.0.0.1:1'), graph: { stacks: new Map(), stackNames: [] } as unknown as RepositoryGraph, log: () => undefined };

test('connections are capped at 64, headers at 10 s, a whole request at 20 s, keep-alive at 5 s', () => {
  const { server } = createRunTaskServer(props);
  expect({ max: server.maxConnections, headers: server.headersTimeout, request: server.requestTimeout, keepAlive: server.keepAliveTimeout }).toEqual({ max: 64, headers: 10_000, request: 20_000, keepAlive: 5_000 });
});

test('the caps follow the limits given', () => {
  const { server } = createRunTaskServer({ ...props, limits: { maxConnections: 8, headersTimeoutMs: 2_000, bodyTimeoutMs: 3_000 } });
  expect({ max: server.maxConnections, headers: server.headersTimeout, request: server.requestTimeout }).toEqual({ max: 8, headers: 2_000, request: 5_000 });
});
