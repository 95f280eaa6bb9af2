import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationQueue, resolveBackend, type BullmqNotificationQueue } from '@zhifa/timers-bullmq';
import { errorMiddleware } from '../../http/error.middleware.js';
import { ApiError } from '../../http/api-error.js';
import { TEST_DATABASE_URL } from '../deadlines.test-support.js';
import { createQueueDashboard, type QueueDashboard } from './queue-dashboard.js';

const schema = `t_board_${randomBytes(5).toString('hex')}`;
const backend = resolveBackend({ postgresUrl: TEST_DATABASE_URL, postgresSchema: schema });
let server: Server;
let base = '';
let dashboard: QueueDashboard;
let producer: BullmqNotificationQueue;

/** Stands in for requireAuth + requireRole('admin'). */
const requireAdmin: RequestHandler = (req, _res, next) => {
  if (req.get('x-test-admin') !== 'yes') throw new ApiError('FORBIDDEN', 'admins only');
  next();
};

beforeAll(async () => {
  producer = createNotificationQueue({ postgresUrl: TEST_DATABASE_URL, postgresSchema: schema, queueName: 'notifications-board' });
  await producer.ready();
  await producer.enqueue({ type: 'webhook', id: 'n-1-hook', url: 'http://127.0.0.1:9/x', body: {} });
  dashboard = createQueueDashboard({ backend, queueNames: ['notifications-board'], basePath: '/admin/queues', guards: [requireAdmin] });
  const app = express();
  app.use('/admin/queues', dashboard.router);
  app.use(errorMiddleware(pino({ level: 'silent' })));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await dashboard.close();
  await producer.close();
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe('queue dashboard (bull-board) on the PostgreSQL backend', () => {
  it('given an admin, then it lists the queue with its waiting job', async () => {
    const reply = await fetch(`${base}/admin/queues/api/queues`, { headers: { 'x-test-admin': 'yes' } });
    expect(reply.status).toBe(200);
    const body = (await reply.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues.map((q) => [q.name, q.counts['waiting']])).toEqual([['notifications-board', 1]]);
    const page = await fetch(`${base}/admin/queues`, { headers: { 'x-test-admin': 'yes' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<base href="\/admin\/queues\/?" \/>/);
  });

  it('given anyone else, then 403 before the dashboard is reached', async () => {
    expect((await fetch(`${base}/admin/queues/api/queues`)).status).toBe(403);
    expect((await fetch(`${base}/admin/queues`)).status).toBe(403);
  });
});
