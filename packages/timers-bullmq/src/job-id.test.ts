import { describe, expect, it } from 'vitest';
import { InvalidJobIdError } from './errors.js';
import { toJobId } from './job-id.js';

describe('toJobId', () => {
  it('keeps ids BullMQ accepts as they are', () => {
    expect(toJobId('3f1c9a2e-7b4d-4c1e-9a55-0d2f6e1b8c7a')).toBe('3f1c9a2e-7b4d-4c1e-9a55-0d2f6e1b8c7a');
    expect(toJobId('t-42')).toBe('t-42');
  });

  it('encodes ids with a colon, integer ids and other characters, without collisions', () => {
    const ids = ['proc:3', '42', '办案-1', 'a b', '~x'];
    const jobIds = ids.map(toJobId);
    for (const jobId of jobIds) {
      expect(jobId).not.toContain(':');
      expect(jobId.startsWith('~')).toBe(true);
    }
    expect(new Set(jobIds).size).toBe(ids.length);
    expect(jobIds).not.toContain(toJobId('x'));
  });

  it('rejects empty and overlong ids', () => {
    expect(() => toJobId('')).toThrow(InvalidJobIdError);
    expect(() => toJobId('a'.repeat(201))).toThrow(/longer than 200/);
  });
});
