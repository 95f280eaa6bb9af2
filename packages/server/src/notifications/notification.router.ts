import { Router } from 'express';
import { ApiPath, MarkNotificationsReadRequest, NotificationQuery } from '@zhifa/api-types';
import type { Clock } from '@zhifa/engine';
import { countUnreadNotifications, listNotifications, markNotificationsRead, type PostgresDb } from '@zhifa/store-postgres';
import { principalOf } from '../auth/principal.js';
import { parse } from '../http/validate.js';

/** The caller's own in-app notifications: list, unread count, mark read. Nobody reads anyone else's. */
export function notificationRouter(db: PostgresDb, clock: Clock): Router {
  const router = Router();
  router.get(ApiPath.notifications, async (req, res) => {
    const query = parse(NotificationQuery, req.query, 'query');
    const rows = await listNotifications(db, principalOf(res).id, {
      unreadOnly: query.unread === 'true',
      ...(query.limit !== undefined && { limit: query.limit }),
      ...(query.offset !== undefined && { offset: query.offset }),
    });
    res.json(rows);
  });
  router.get(ApiPath.notificationsUnreadCount, async (_req, res) => {
    res.json({ count: await countUnreadNotifications(db, principalOf(res).id) });
  });
  router.post(ApiPath.notificationsRead, async (req, res) => {
    const body = parse(MarkNotificationsReadRequest, req.body);
    const marked = await markNotificationsRead(db, principalOf(res).id, clock.now().toISOString(), 'ids' in body ? body.ids : undefined);
    res.json({ marked });
  });
  return router;
}
