import { Router } from 'express';
import { z } from 'zod';
import type { Clock } from '@zhifa/engine';
import { countUnreadNotifications, listNotifications, markNotificationsRead, type PostgresDb } from '@zhifa/store-postgres';
import { principalOf } from '../auth/principal.js';
import { parse } from '../http/validate.js';

const ListQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).optional(),
});
const ReadBody = z.union([
  z.object({ ids: z.array(z.string().min(1).max(200)).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

/** The caller's own in-app notifications: list, unread count, mark read. Nobody reads anyone else's. */
export function notificationRouter(db: PostgresDb, clock: Clock): Router {
  const router = Router();
  router.get('/api/notifications', async (req, res) => {
    const query = parse(ListQuery, req.query, 'query');
    const rows = await listNotifications(db, principalOf(res).id, {
      unreadOnly: query.unread === 'true',
      ...(query.limit !== undefined && { limit: query.limit }),
      ...(query.offset !== undefined && { offset: query.offset }),
    });
    res.json(rows);
  });
  router.get('/api/notifications/unread-count', async (_req, res) => {
    res.json({ count: await countUnreadNotifications(db, principalOf(res).id) });
  });
  router.post('/api/notifications/read', async (req, res) => {
    const body = parse(ReadBody, req.body);
    const marked = await markNotificationsRead(db, principalOf(res).id, clock.now().toISOString(), 'ids' in body ? body.ids : undefined);
    res.json({ marked });
  });
  return router;
}
