// How the snapshot command sends the client library's requests: with node:http(s) and the agent
// the library built from the kubeconfig (its TLS settings, client certificate, proxy), under a
// deadline that covers connecting, the answer's headers and its whole body. The library's own
// sender (node-fetch) has none: a server that never answers, or stops in the middle of one, held
// the command forever, or ended it with no word. Redirects are not followed: an API server does
// not send them, and a proxy that does is answered with its status.
import type { HttpLibrary, RequestContext, ResponseContext } from '@kubernetes/client-node';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

type KubernetesClient = typeof import('@kubernetes/client-node');

/** The largest answer read: a page of 500 nodes is a few MB; more is no API server's answer. */
export const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** A request that failed on its way: what happened, and what to do about it. */
export class RequestFailure extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

/** A request that did not reach the server, with the reason Node gave (and its code, for TLS). */
export class ServerUnreachable extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

const cutShort = () => new RequestFailure('the API server closed the connection before its answer was whole', 'retry, or check the proxies in front of it');

export function boundedHttpLibrary(client: KubernetesClient, timeoutSeconds: number): HttpLibrary {
  return client.wrapHttpLibrary({ send: (request) => send(client, request, timeoutSeconds) });
}

function send(client: KubernetesClient, context: RequestContext, timeoutSeconds: number): Promise<ResponseContext> {
  const url = new URL(context.getUrl());
  const body = context.getBody();
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: context.getHttpMethod(),
      headers: context.getHeaders(),
      agent: context.getAgent(),
    });
    // Settled here, not only by the request's 'error': before a proxy agent hands over its socket,
    // a destroyed request emits nothing. The agent goes too, with the sockets it holds.
    const fail = (failure: RequestFailure) => {
      reject(failure);
      request.destroy(failure);
      context.getAgent()?.destroy();
    };
    const deadline = setTimeout(() => fail(new RequestFailure(`the API server did not answer within ${timeoutSeconds} s (--request-timeout)`, 'retry, check the network and proxies, or allow more time with --request-timeout')), timeoutSeconds * 1000);
    request.on('close', () => clearTimeout(deadline));
    // A reset connection is the server's (or a proxy's) doing; any other error (refused, no such
    // host, TLS) means the server was not reached.
    // (A RequestFailure is fail()'s own, already rejected.)
    const failed = (error: NodeJS.ErrnoException) => {
      if (!(error instanceof RequestFailure)) reject(error.code === 'ECONNRESET' ? cutShort() : new ServerUnreachable(error.message, error.code));
    };
    request.on('error', failed);
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) fail(new RequestFailure(`the answer is larger than ${MAX_RESPONSE_BYTES / (1024 * 1024)} MiB, more than an API server sends`, "check that the kubeconfig's server is the cluster's API server"));
        else chunks.push(chunk);
      });
      response.on('error', failed);
      response.on('end', () => {
        // 'end' also comes when the connection closed before the body was whole.
        if (!response.complete) return fail(cutShort());
        const bytes = Buffer.concat(chunks);
        resolve(new client.ResponseContext(response.statusCode ?? 0, headersOf(response), { text: () => Promise.resolve(bytes.toString('utf8')), binary: () => Promise.resolve(bytes) }));
      });
    });
    if (body !== undefined) request.write(body);
    request.end();
  });
}

/** The answer's headers as the library reads them: lower-case names, repeated ones joined. */
function headersOf(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
