import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { chainHash, GENESIS_HASH } from './history.repository.js';

describe('canonicalJson', () => {
  it('given objects with the same members in another order, when canonicalised, then the text is identical', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: '意见' } })).toBe(canonicalJson({ a: { c: '意见', d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('given undefined members and array holes, when canonicalised, then they read as absent / null like JSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, null] })).toBe('{"b":[null,null]}');
  });

  it('given what jsonb gives back (keys reordered), when hashed, then the hash is the one computed before storing', () => {
    const entry = { id: 'e1', at: '2026-01-01T00:00:00.000Z', action: 'task.completed', data: { zeta: 1, alpha: [2.5, 'x'] } };
    const fromJsonb = { ...entry, data: { alpha: [2.5, 'x'], zeta: 1 } };
    expect(chainHash(GENESIS_HASH, fromJsonb)).toBe(chainHash(GENESIS_HASH, entry));
    expect(chainHash(GENESIS_HASH, { ...entry, actor: 'x' })).not.toBe(chainHash(GENESIS_HASH, entry));
  });
});
