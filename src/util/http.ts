/**
 * One HTTP(S) request with the whole answer read as text: the Nomad and Vault clients' transport. Node's own
 * http(s), so an AbortSignal cancels the request and a TLS agent carries a private CA or skip-verify.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  /** A JSON body: serialised here, with its content type and length. */
  json?: unknown;
  /** Used for https only. */
  agent?: HttpsAgent;
  signal?: AbortSignal;
  /** Called with the request's socket, once it is assigned (a kept-alive one may already be connected). */
  onSocket?: (socket: Socket) => void;
}

/** Rejects with the request's error (refused, reset, aborted, TLS) as Node raised it; any HTTP status resolves. */
export function sendHttp(url: URL, req: HttpRequest): Promise<HttpAnswer> {
  const secure = url.protocol === 'https:';
  const headers = { ...req.headers };
  const payload = req.json === undefined ? undefined : JSON.stringify(req.json);
  if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
  return new Promise((resolve, reject) => {
    const r = (secure ? httpsRequest : httpRequest)(url, { method: req.method, headers, signal: req.signal, ...(secure && req.agent ? { agent: req.agent } : {}) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    if (req.onSocket) r.on('socket', req.onSocket);
    r.on('error', reject);
    r.end(payload);
  });
}
