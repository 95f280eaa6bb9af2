/**
 * The Chinese approval operations (转办, 委派/resolve, 退回, 加签/减签, 催办, 撤回, 抄送): request bodies, validated
 * at the edge, and what the routes answer.
 */
import { z } from 'zod';
import { IsoDateTime } from './common.js';

const userId = z.string().trim().min(1).max(200);
const reason = z.string().trim().min(1).max(2000);
const optionalText = z.string().max(2000).optional();

/** 转办: hand the task to another user for good. */
export const TransferRequest = z.strictObject({ userId, reason: optionalText });
export type TransferRequest = z.infer<typeof TransferRequest>;
/** 委派: the delegate works on it and resolves it back to the owner. */
export const DelegateRequest = z.strictObject({ userId, reason: optionalText });
export type DelegateRequest = z.infer<typeof DelegateRequest>;
/** The delegate hands a delegated task back with an opinion. */
export const ResolveRequest = z.strictObject({ opinion: optionalText });
export type ResolveRequest = z.infer<typeof ResolveRequest>;
/** 退回 to an earlier step (one of the return targets); `resubmit` decides where the flow goes once it is redone. */
export const ReturnRequest = z.strictObject({ targetActivityId: z.string().min(1).max(200), reason, resubmit: z.enum(['direct', 'rerun']).optional() });
export type ReturnRequest = z.infer<typeof ReturnRequest>;
/** 加签: further signers before, after or next to the caller. */
export const AddSignRequest = z.strictObject({
  userIds: z.array(userId).min(1).max(50),
  position: z.enum(['before', 'after', 'parallel']),
  reason: optionalText,
});
export type AddSignRequest = z.infer<typeof AddSignRequest>;
/** 减签: take an added co-signer off again. */
export const RemoveSignRequest = z.strictObject({ userId, reason: optionalText });
export type RemoveSignRequest = z.infer<typeof RemoveSignRequest>;
/** 催办 (rate-limited per task). */
export const UrgeRequest = z.strictObject({ message: optionalText });
export type UrgeRequest = z.infer<typeof UrgeRequest>;
/** 撤回: the initiator (or whoever completed the last step) takes the step back. */
export const WithdrawRequest = z.strictObject({ reason: optionalText });
export type WithdrawRequest = z.infer<typeof WithdrawRequest>;
/** 抄送 to users and/or units; at least one of them. */
export const CcRequest = z
  .strictObject({ userIds: z.array(userId).max(200).optional(), unitIds: z.array(userId).max(200).optional(), message: optionalText })
  .refine((b) => (b.userIds?.length ?? 0) + (b.unitIds?.length ?? 0) > 0, { message: 'name at least one user or unit' });
export type CcRequest = z.infer<typeof CcRequest>;

/** An open task as the engine keeps it (the operation routes answer with it); further engine fields may follow. */
export const EngineTask = z.looseObject({
  id: z.string(),
  instanceId: z.string(),
  definitionId: z.string(),
  processId: z.string(),
  elementId: z.string(),
  elementInstanceId: z.string(),
  name: z.string().optional(),
  assignee: z.string().optional(),
  /** 委派: the owner the task returns to. */
  owner: z.string().optional(),
  delegation: z.enum(['pending', 'resolved']).optional(),
  candidateUsers: z.array(z.string()),
  candidateGroups: z.array(z.string()),
  dueAt: IsoDateTime.optional(),
  formKey: z.string().optional(),
  createdAt: IsoDateTime,
  /** 加签 in parallel: the task this co-signer task belongs to. */
  coSignOf: z.string().optional(),
});
export type EngineTask = z.infer<typeof EngineTask>;

/** The open tasks of an instance after an operation that changed them. */
export const InstanceTasks = z.object({ instanceId: z.string(), tasks: z.array(EngineTask) });
export type InstanceTasks = z.infer<typeof InstanceTasks>;

/** A step a task may be returned to (退回). */
export const ReturnTarget = z.object({
  elementId: z.string(),
  name: z.string().optional(),
  completedInstanceId: z.string(),
  completedBy: z.string().optional(),
  completedAt: IsoDateTime,
});
export type ReturnTarget = z.infer<typeof ReturnTarget>;
export const ReturnTargetList = z.array(ReturnTarget);

export const UrgeResponse = z.object({ urged: z.string() });
export type UrgeResponse = z.infer<typeof UrgeResponse>;

export const CcResponse = z.object({ instanceId: z.string(), userIds: z.array(z.string()), unitIds: z.array(z.string()) });
export type CcResponse = z.infer<typeof CcResponse>;
