import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly body: string;
  readonly payload: { type: string; timestamp: string; data: Record<string, any> };
  /** Which of the receiver's secrets verified it (standardwebhooks `verify`, as a partner would). */
  readonly verifiedWith: number[];
  readonly receivedAt: number;
  readonly path: string;
}

export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Never answer (until the receiver closes). */
  readonly hang?: boolean;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port><path>; register it as an endpoint URL. */
  url(path?: string): string;
  readonly received: ReceivedWebhook[];
  /** Secrets to verify with; set after creating the endpoint (and after a rotation). */
  secrets: string[];
  /** How to answer each request (default 200); may differ per call. */
  reply: (request: { path: string; headers: IncomingHttpHeaders; count: number }) => Reply;
  /** Resolves with the received webhooks once `predicate` holds for the list, or fails after `timeoutMs`. */
  waitFor(predicate: (received: ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A partner's webhook receiver: verifies every delivery with the `standardwebhooks` package. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let count = 0;
  const hanging = new Set<() => void>();
  const receiver: WebhookReceiver = {
    url: (path = '/hook') => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    secrets: [],
    reply: () => ({ status: 200, body: 'ok' }),
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) {
          throw new Error(`webhook receiver: condition not met in ${timeoutMs} ms; received ${JSON.stringify(received.map((r) => [r.id, r.payload.type, r.path]))}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return received;
    },
    async close() {
      for (const release of hanging) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = request.headers;
      const verifiedWith: number[] = [];
      receiver.secrets.forEach((secret, index) => {
        try {
          new Webhook(secret).verify(body, headers as Record<string, string>);
          verifiedWith.push(index);
        } catch {
          // not signed with this one
        }
      });
      count += 1;
      const reply = receiver.reply({ path: request.url ?? '/', headers, count });
      received.push({
        id: String(headers['webhook-id']),
        timestamp: String(headers['webhook-timestamp']),
        signature: String(headers['webhook-signature']),
        body,
        payload: JSON.parse(body),
        verifiedWith,
        receivedAt: Date.now(),
        path: request.url ?? '/',
      });
      if (reply.hang) {
        const release = () => response.destroy();
        hanging.add(release);
        response.on('close', () => hanging.delete(release));
        return;
      }
      response.writeHead(reply.status ?? 200, reply.headers ?? {}).end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return receiver;
}
