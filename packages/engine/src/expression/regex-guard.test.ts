import { describe, expect, test } from 'vitest';
import { evaluate } from './index.js';
import { checkPattern } from './regex-guard.js';

describe('checkPattern', () => {
  test('given everyday patterns, when checked, then they are accepted', () => {
    for (const pattern of ['^\\d{18}$', '^1[3-9]\\d{9}$', '(?:ab)+', '^[A-Z]{2}-\\d+$', '^(同意|不同意)$', '[(+*)]+', '.*同意.*']) {
      expect(checkPattern(pattern), pattern).toBeUndefined();
    }
  });

  test('given catastrophic-backtracking shapes, when checked, then they are refused with a reason', () => {
    expect(checkPattern('(a+)+$')).toMatch(/repeated group/);
    expect(checkPattern('(\\w+\\s?)*$')).toMatch(/repeated group/);
    expect(checkPattern('(a|aa)*')).toMatch(/repeated group/);
    expect(checkPattern('((ab)*c)+')).toMatch(/repeated group/);
    expect(checkPattern('(a)\\1')).toMatch(/back-references/);
    expect(checkPattern('a(?=b)')).toMatch(/lookarounds/);
    expect(checkPattern('\\d*\\d*\\d*\\d*x')).toMatch(/unbounded/);
    expect(checkPattern('a'.repeat(201))).toMatch(/longer than/);
    expect(checkPattern('(')).toMatch(/not a valid/);
  });
});

describe('regular expressions in FEEL at run time', () => {
  test('given text longer than the cap, when matched, then an error instead of a long search', () => {
    const result = evaluate('feel', 'matches(s, "a*b")', { s: 'a'.repeat(10_001) });
    expect(!result.ok && result.error).toMatch(/longer than 10000 characters/);
    expect(evaluate('feel', 'matches(s, "a*b")', { s: 'a'.repeat(10_000) })).toEqual({ ok: true, value: false });
  });
});
