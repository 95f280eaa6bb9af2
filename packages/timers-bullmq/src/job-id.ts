import { InvalidJobIdError } from './errors.js';

const MAX_LENGTH = 200;
const SAFE = /^[A-Za-z0-9_.-]+$/;

/**
 * The BullMQ job id for a timer / notification id. The job id IS the row id whenever BullMQ accepts it, so
 * scheduling twice is a no-op and the reconciler finds the job by the row's id. BullMQ rejects ids with `:`
 * (its key separator) and ids that parse as integers; such ids (and ids outside a safe alphabet) are
 * encoded as `~` + base64url, which cannot collide with a plain id because `~` is not in the safe alphabet.
 * The job data always carries the original id, so nothing needs to decode.
 */
export function toJobId(id: string): string {
  if (id.length === 0) throw new InvalidJobIdError(id, 'empty');
  if (id.length > MAX_LENGTH) throw new InvalidJobIdError(id, `longer than ${MAX_LENGTH} characters`);
  const plain = SAFE.test(id) && `${Number.parseInt(id, 10)}` !== id;
  return plain ? id : `~${Buffer.from(id, 'utf8').toString('base64url')}`;
}
