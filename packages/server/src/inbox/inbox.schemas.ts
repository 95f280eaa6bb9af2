import { z } from 'zod';

/** 待办 / 已办 / 我发起的 / 抄送我的. */
export const InboxView = z.enum(['todo', 'done', 'started', 'cc']);
export type InboxView = z.infer<typeof InboxView>;

const id = z.string().min(1).max(200);

/** Filters and keyset paging shared by the views (`after` is the `next` of the previous page). */
export const InboxQuery = z.strictObject({
  view: InboxView.optional(),
  processKey: id.optional(),
  unitId: id.optional(),
  processInstanceId: id.optional(),
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  search: z.string().min(1).max(100).optional(),
  after: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export const AuditQueryParams = z.strictObject({
  instanceId: id.optional(),
  actor: id.optional(),
  action: z.string().min(1).max(100).optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
