/**
 * A local stand-in for the Terraform Cloud endpoints a run task and `verify --run` use, written from
 * the documented protocol: the API (127.0.0.1, one port) checks the Bearer token, answers a plan JSON
 * request with 307 to a short-lived URL on a second server (another origin), and records every PATCH
 * of a task result. Only loopback; nothing leaves the machine.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A recorded request. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** What the API serves at one path. */
export type ApiAnswer =
  /** 307 to the download server, which then serves `json` (only without an Authorization header). */
  | { readonly kind: 'plan'; readonly json: string }
  | { readonly kind: 'status'; readonly status: number }
  /** 200 with `json` from the API itself (a JSON:API document such as a state version). */
  | { readonly kind: 'json'; readonly json: string }
  /** Never answers (a hung upstream). */
  | { readonly kind: 'hang' };

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** The stand-in: the API and the download host. */
export class TerraformCloudStandIn {
  /** Every request the API received. */
  public readonly apiRequests: RecordedRequest[] = [];
  /** Every request the download host received. */
  public readonly downloadRequests: RecordedRequest[] = [];
  private readonly answers = new Map<string, ApiAnswer>();
  private readonly downloads = new Map<string, string>();
  private readonly patchWaiters = new Map<string, Array<(request: RecordedRequest) => void>>();
  private readonly hung: ServerResponse[] = [];
  private api!: Server;
  private download!: Server;
  public apiPort = 0;
  public downloadPort = 0;

  /** @param tokens Bearer tokens the API accepts. */
  constructor(private readonly tokens: ReadonlySet<string>) {}

  /** `http://127.0.0.1:<port>`: TFE_ADDRESS. */
  get address(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  async start(): Promise<void> {
    this.api = createServer((req, res) => void this.handleApi(req, res));
    this.download = createServer((req, res) => void this.handleDownload(req, res));
    this.apiPort = await listen(this.api);
    this.downloadPort = await listen(this.download);
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    await Promise.all([this.api, this.download].map((server) => new Promise((resolve) => server.close(resolve))));
  }

  /** Serves `answer` at `path` of the API. */
  serve(path: string, answer: ApiAnswer): void {
    this.answers.set(path, answer);
  }

  /** PATCHes received at `path` so far. */
  patchesTo(path: string): RecordedRequest[] {
    return this.apiRequests.filter((request) => request.method === 'PATCH' && request.path === path);
  }

  /** Resolves with the first PATCH to `path` (at once if it already came). */
  nextPatch(path: string): Promise<RecordedRequest> {
    const [done] = this.patchesTo(path);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.patchWaiters.set(path, [...(this.patchWaiters.get(path) ?? []), resolve]));
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = (req.url ?? '/').split('?')[0];
    const recorded = { method: req.method ?? '', path, headers: req.headers, body };
    this.apiRequests.push(recorded);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) {
      res.writeHead(401, { 'Content-Type': 'application/vnd.api+json' }).end('{"errors":[{"status":"401","title":"unauthorized"}]}');
      return;
    }
    if (req.method === 'PATCH') {
      res.writeHead(200, { 'Content-Type': 'application/vnd.api+json' }).end('{}');
      for (const resolve of this.patchWaiters.get(path) ?? []) resolve(recorded);
      this.patchWaiters.delete(path);
      return;
    }
    const answer = this.answers.get(path);
    if (!answer) {
      res.writeHead(404).end('{"errors":[{"status":"404","title":"not found"}]}');
    } else if (answer.kind === 'hang') {
      this.hung.push(res);
    } else if (answer.kind === 'status') {
      res.writeHead(answer.status).end();
    } else if (answer.kind === 'json') {
      res.writeHead(200, { 'Content-Type': 'application/vnd.api+json' }).end(answer.json);
    } else {
      const key = `/archivist/${this.downloads.size + 1}`;
      this.downloads.set(key, answer.json);
      res.writeHead(307, { Location: `http://127.0.0.1:${this.downloadPort}${key}?signature=short-lived` }).end();
    }
  }

  private async handleDownload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = (req.url ?? '/').split('?')[0];
    this.downloadRequests.push({ method: req.method ?? '', path, headers: req.headers, body });
    const json = this.downloads.get(path);
    // A pre-signed URL: a request that carries the API token is a leak, refused here.
    if (json === undefined || req.headers.authorization !== undefined) {
      res.writeHead(403).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(json);
  }
}
