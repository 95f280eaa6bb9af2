import type { RequestHandler } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { createPostgresBackend, Queue } from 'bullmq';
import type { QueueBackend } from '@zhifa/timers-bullmq';

export interface QueueDashboard {
  /** Mount at `basePath` behind authentication and the admin role. */
  readonly router: RequestHandler;
  close(): Promise<void>;
}

/**
 * The BullMQ dashboard (bull-board) over the given queues, on the same backend as the scheduler (Redis or
 * BullMQ's PostgreSQL backend). Its own `Queue` objects: the dashboard may retry or remove jobs, which is safe
 * because the timer table, not the queue, is the truth.
 */
export function createQueueDashboard(options: {
  readonly backend: QueueBackend;
  readonly queueNames: readonly string[];
  /** Where the router will be mounted, e.g. `/admin/queues` (the UI links to its own assets under it). */
  readonly basePath: string;
  readonly guards?: readonly RequestHandler[];
}): QueueDashboard {
  const queues = options.queueNames.map((name) => openQueue(name, options.backend));
  const adapter = new ExpressAdapter();
  adapter.setBasePath(options.basePath);
  createBullBoard({ queues: queues.map((q) => q.adapter), serverAdapter: adapter });
  const board: RequestHandler = adapter.getRouter();
  const guards = options.guards ?? [];
  // Guards run first (e.g. requireAuth + requireRole('admin')); any failure goes to the error middleware.
  const router: RequestHandler = (req, res, next) => {
    const run = (i: number): void => {
      const guard = guards[i];
      if (!guard) {
        board(req, res, next);
        return;
      }
      Promise.resolve(guard(req, res, (error?: unknown) => (error ? next(error) : run(i + 1)))).catch(next);
    };
    run(0);
  };
  return {
    router,
    async close() {
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}

function openQueue(name: string, backend: QueueBackend): { adapter: BullMQAdapter; close(): Promise<void> } {
  switch (backend.type) {
    case 'redis': {
      const queue = new Queue(name, { connection: { url: backend.url, maxRetriesPerRequest: 3, enableOfflineQueue: false } });
      return { adapter: new BullMQAdapter(queue), close: () => queue.close() };
    }
    case 'postgres': {
      const queue = new Queue(name, { connection: { connectionString: backend.url, schema: backend.schema, migrate: true, max: 2 } }, createPostgresBackend);
      // bull-board types only the Redis `Queue`; BullMQ's PostgreSQL `Queue` has the same job API it calls.
      const asBoardQueue = queue as unknown as ConstructorParameters<typeof BullMQAdapter>[0];
      return { adapter: new BullMQAdapter(asBoardQueue), close: () => queue.close() };
    }
    default: {
      const unknown: never = backend;
      throw new Error(`unknown queue backend ${JSON.stringify(unknown)}`);
    }
  }
}
