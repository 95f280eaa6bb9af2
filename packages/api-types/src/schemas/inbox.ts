/** The inbox views (待办 / 已办 / 我发起的 / 抄送我的), attachments, due-date traces and the audit log. */
import { z } from 'zod';
import { IsoDateTime, JsonValue } from './common.js';

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

/** The colour of a due date, from the share of the time used. */
export const DeadlineColour = z.enum(['green', 'yellow', 'red', 'overdue']);
export type DeadlineColour = z.infer<typeof DeadlineColour>;

export const InboxTaskItem = z.object({
  id: z.string(),
  instanceId: z.string(),
  definitionId: z.string(),
  processId: z.string(),
  activityId: z.string(),
  elementInstanceId: z.string(),
  name: z.string().optional(),
  assignee: z.string().optional(),
  owner: z.string().optional(),
  candidateUsers: z.array(z.string()),
  candidateGroups: z.array(z.string()),
  candidateUnits: z.array(z.string()),
  dueAt: IsoDateTime.optional(),
  priority: z.number().optional(),
  formKey: z.string().optional(),
  state: z.enum(['open', 'completed', 'cancelled', 'ended']),
  createdAt: IsoDateTime,
  endedAt: IsoDateTime.optional(),
  completedBy: z.string().optional(),
  businessKey: z.string().optional(),
  ownerUnitId: z.string().optional(),
  startedBy: z.string().optional(),
  orgAssignment: z.object({ unit: z.string().optional(), relation: z.string().optional(), section: z.string().optional(), role: z.string().optional() }).optional(),
  signMode: z.object({ mode: z.string(), ratio: z.number().optional() }).optional(),
  /** 待办 only: how much of the time is used. */
  deadline: z.object({ dueAt: IsoDateTime, used: z.number(), colour: DeadlineColour }).optional(),
});
export type InboxTaskItem = z.infer<typeof InboxTaskItem>;

/** An instance row of 我发起的 / 抄送我的. */
export const InboxInstanceItem = z.object({
  id: z.string(),
  definitionId: z.string(),
  processId: z.string(),
  businessKey: z.string().optional(),
  status: z.string(),
  startedAt: IsoDateTime,
  endedAt: IsoDateTime.optional(),
  startedBy: z.string().optional(),
  ownerUnitId: z.string().optional(),
  ccAt: IsoDateTime.optional(),
  ccBy: z.string().optional(),
});
export type InboxInstanceItem = z.infer<typeof InboxInstanceItem>;

/** One page of a view; `next` is the `after` of the following page. */
export const InboxPage = z.union([
  z.object({ view: z.enum(['todo', 'done']), items: z.array(InboxTaskItem), next: z.string().optional() }),
  z.object({ view: z.enum(['started', 'cc']), items: z.array(InboxInstanceItem), next: z.string().optional() }),
]);
export type InboxPage = z.infer<typeof InboxPage>;

/** One step of how a due date came about (computed, given, paused, resumed, extended). */
export const DeadlineTraceStep = z.object({
  step: z.string(),
  at: IsoDateTime,
  dueAt: IsoDateTime.optional(),
  reason: z.string().optional(),
  actor: z.string().optional(),
  provisional: z.boolean(),
  trace: z.unknown().optional(),
});
export type DeadlineTraceStep = z.infer<typeof DeadlineTraceStep>;

/** `GET /api/inbox/tasks/:id/deadline`: how a task's due date was computed (shown when it is hovered). */
export const DeadlineTraceView = z.object({
  taskId: z.string(),
  dueAt: IsoDateTime.nullable(),
  provisional: z.boolean(),
  paused: z.boolean(),
  steps: z.array(DeadlineTraceStep),
});
export type DeadlineTraceView = z.infer<typeof DeadlineTraceView>;

/** An instance attachment (type checked by its magic bytes). */
export const Attachment = z.object({
  id: z.string(),
  instanceId: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: IsoDateTime,
});
export type Attachment = z.infer<typeof Attachment>;
export const AttachmentList = z.array(Attachment);

/** `GET /api/admin/audit`. */
export const AuditQueryParams = z.strictObject({
  instanceId: id.optional(),
  actor: id.optional(),
  action: z.string().min(1).max(100).optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type AuditQueryParams = z.infer<typeof AuditQueryParams>;

export const AuditEntry = z.object({
  seq: z.number().int(),
  id: z.string(),
  instanceId: z.string().optional(),
  instanceSeq: z.number().int().optional(),
  at: IsoDateTime,
  actor: z.string().optional(),
  action: z.string(),
  elementId: z.string().optional(),
  elementInstanceId: z.string().optional(),
  data: z.record(z.string(), JsonValue),
  chainPos: z.number().int().optional(),
  prevHash: z.string().optional(),
  hash: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditEntryList = z.array(AuditEntry);

/** `GET /api/admin/audit/verify`: the hash chain checked from its start. */
export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first entry that breaks the chain (`fault`: hash mismatch, broken link, gap, head mismatch). */
  firstBad: z.looseObject({ position: z.number().int(), fault: z.string(), id: z.string().optional() }).nullable(),
  headPosition: z.number().int().nullable(),
  elapsedMs: z.number(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
