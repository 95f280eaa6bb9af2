/** The caller's own in-app notifications (reminders, escalations, 催办, 抄送 …). */
import { z } from 'zod';
import { IsoDateTime, JsonValue } from './common.js';

export const NotificationQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).max(100_000).optional(),
});
export type NotificationQuery = z.infer<typeof NotificationQuery>;

/** Mark the given notifications read, or all of them. */
export const MarkNotificationsReadRequest = z.union([
  z.object({ ids: z.array(z.string().min(1).max(200)).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type MarkNotificationsReadRequest = z.infer<typeof MarkNotificationsReadRequest>;

export const Notification = z.object({
  id: z.string(),
  userId: z.string(),
  kind: z.string(),
  timerId: z.string().optional(),
  taskId: z.string().optional(),
  instanceId: z.string().optional(),
  payload: z.record(z.string(), JsonValue),
  createdAt: IsoDateTime,
  readAt: IsoDateTime.optional(),
});
export type Notification = z.infer<typeof Notification>;
export const NotificationList = z.array(Notification);

export const UnreadCount = z.object({ count: z.number().int() });
export type UnreadCount = z.infer<typeof UnreadCount>;
export const MarkedCount = z.object({ marked: z.number().int() });
export type MarkedCount = z.infer<typeof MarkedCount>;
