/** Request bodies of the approval-operation routes (validated at the edge with zod). */
import { z } from 'zod';

const userId = z.string().trim().min(1).max(200);
const reason = z.string().trim().min(1).max(2000);
const optionalText = z.string().max(2000).optional();

export const TransferRequest = z.strictObject({ userId, reason: optionalText });
export const DelegateRequest = z.strictObject({ userId, reason: optionalText });
export const ResolveRequest = z.strictObject({ opinion: optionalText });
export const ReturnRequest = z.strictObject({ targetActivityId: z.string().min(1).max(200), reason, resubmit: z.enum(['direct', 'rerun']).optional() });
export const AddSignRequest = z.strictObject({
  userIds: z.array(userId).min(1).max(50),
  position: z.enum(['before', 'after', 'parallel']),
  reason: optionalText,
});
export const RemoveSignRequest = z.strictObject({ userId, reason: optionalText });
export const UrgeRequest = z.strictObject({ message: optionalText });
export const WithdrawRequest = z.strictObject({ reason: optionalText });
export const CcRequest = z
  .strictObject({ userIds: z.array(userId).max(200).optional(), unitIds: z.array(userId).max(200).optional(), message: optionalText })
  .refine((b) => (b.userIds?.length ?? 0) + (b.unitIds?.length ?? 0) > 0, { message: 'name at least one user or unit' });
