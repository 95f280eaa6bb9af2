import { z } from 'zod';
import { IsoDateTime, Variables } from './common.js';

export const InstanceState = z.enum(['active', 'completed', 'terminated', 'cancelled']);
export type InstanceState = z.infer<typeof InstanceState>;

export const StartInstanceRequest = z.object({
  businessKey: z.string().min(1).max(200).optional(),
  variables: Variables.optional(),
});
export type StartInstanceRequest = z.infer<typeof StartInstanceRequest>;

export const ProcessInstance = z.object({
  id: z.string(),
  state: InstanceState,
  definitionId: z.string(),
  definitionKey: z.string(),
  businessKey: z.string().nullable(),
  variables: z.record(z.string(), z.unknown()),
  activeActivityIds: z.array(z.string()),
  startedAt: IsoDateTime,
  endedAt: IsoDateTime.nullable(),
});
export type ProcessInstance = z.infer<typeof ProcessInstance>;
export const ProcessInstanceList = z.array(ProcessInstance);

export const ProcessInstanceQuery = z.object({
  state: InstanceState.optional(),
  key: z.string().max(200).optional(),
  businessKey: z.string().max(200).optional(),
});

export const HistoryEntry = z.object({
  seq: z.number().int(),
  at: IsoDateTime,
  actor: z.string().nullable(),
  type: z.string(),
  activityId: z.string().nullable(),
  details: z.unknown(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;
export const HistoryList = z.array(HistoryEntry);

export const CancelInstanceRequest = z.object({ reason: z.string().min(1).max(2000) });
export const SetVariablesRequest = z.object({ variables: Variables });
