import { z } from 'zod';
import { Variables } from './common.js';

export const CorrelateMessageRequest = z.object({
  name: z.string().min(1).max(200),
  correlationKey: z.string().max(200).optional(),
  businessKey: z.string().max(200).optional(),
  variables: Variables.optional(),
});
export type CorrelateMessageRequest = z.infer<typeof CorrelateMessageRequest>;

export const CorrelateMessageResponse = z.object({
  correlated: z.number().int(),
  started: z.number().int(),
  processInstanceIds: z.array(z.string()),
});

export const BroadcastSignalRequest = z.object({
  name: z.string().min(1).max(200),
  variables: Variables.optional(),
});
export const BroadcastSignalResponse = z.object({
  triggered: z.number().int(),
  started: z.number().int(),
});
