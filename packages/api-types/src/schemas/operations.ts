import { z } from 'zod';
import { IsoDateTime, Variables } from './common.js';

export const Job = z.object({
  id: z.string(),
  type: z.string(),
  processInstanceId: z.string(),
  activityId: z.string(),
  retries: z.number().int(),
  variables: z.record(z.string(), z.unknown()),
  createdAt: IsoDateTime,
});
export const JobList = z.array(Job);
export const JobQuery = z.object({ type: z.string().min(1).max(200) });
export const CompleteJobRequest = z.object({ variables: Variables.optional() });
/** A non-negative ISO 8601 duration (`PT30S`, `PT5M`, `P1DT2H`). */
const ISO_DURATION = /^P(?!$)(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?W)?(?:\d+(?:[.,]\d+)?D)?(?:T(?=\d)(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?$/;

export const FailJobRequest = z.object({
  errorMessage: z.string().max(4000),
  retries: z.number().int().min(0).max(100).optional(),
  retryBackoff: z
    .string()
    .max(40)
    .regex(ISO_DURATION, 'must be an ISO 8601 duration such as PT30S or PT5M')
    .optional()
    .describe('ISO 8601 duration: the job is not offered to workers again before it has passed'),
});

export const Incident = z.object({
  id: z.string(),
  processInstanceId: z.string(),
  activityId: z.string().nullable(),
  type: z.string(),
  message: z.string(),
  createdAt: IsoDateTime,
  resolvedAt: IsoDateTime.nullable(),
});
export const IncidentList = z.array(Incident);

export const Timer = z.object({
  id: z.string(),
  processInstanceId: z.string().nullable(),
  activityId: z.string().nullable(),
  dueAt: IsoDateTime,
  state: z.enum(['pending', 'fired', 'cancelled']),
});
export const TimerList = z.array(Timer);
export const TimerQuery = z.object({ processInstanceId: z.string().max(200).optional() });

export const Clock = z.object({ now: IsoDateTime, mode: z.enum(['system', 'manual']) });
export const SetClockRequest = z.union([
  z.object({ advance: z.string().regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/, 'ISO 8601 duration, e.g. P1D') }),
  z.object({ set: z.iso.datetime({ offset: true }) }),
]);
export type SetClockRequest = z.infer<typeof SetClockRequest>;
export const SetClockResponse = Clock.extend({ firedTimers: z.number().int() });

export const Ok = z.object({ ok: z.literal(true) });
