import { describe, expect, it } from 'vitest';
import type { DmnUnaryTestPlan } from './model.js';
import { planUnaryTests, runUnaryTests } from './unary-tests.js';

function plan(text: string, names: Record<string, unknown> = {}): DmnUnaryTestPlan {
  const planned = planUnaryTests(text, names);
  if ('error' in planned) throw new Error(planned.error);
  return planned;
}

function test(text: string, input: unknown, scope: Record<string, unknown> = {}): boolean | null {
  return runUnaryTests(plan(text, scope), { ...scope, '?': input });
}

describe('unary tests', () => {
  it('given - or an empty entry, then anything matches, null included', () => {
    expect(test('-', null)).toBe(true);
    expect(test('  ', 5)).toBe(true);
  });

  it('given comparisons, ranges, lists and not(…), then they test the input', () => {
    expect(test('>= 18', 18)).toBe(true);
    expect(test('<18, >=60', 30)).toBe(false);
    expect(test('[15..30)', 30)).toBe(false);
    expect(test('"Medium","Low"', 'Low')).toBe(true);
    expect(test('not("a", "b")', 'c')).toBe(true);
    expect(test('not("a", "b")', 'a')).toBe(false);
  });

  it('given a boolean-valued expression without ?, then the input is compared with it (TCK 0036)', () => {
    const scope = { Complex: { aBoolean: true } };
    expect(test('Complex.aBoolean', false, scope)).toBe(false);
    expect(test('Complex.aBoolean', true, scope)).toBe(true);
    expect(test('not(Complex.aBoolean)', false, scope)).toBe(true);
  });

  it('given an expression using ?, then its boolean value is the test result', () => {
    expect(test('? > 5 and ? < 10', 7)).toBe(true);
  });

  it('given a variable holding a list, then the input matches by membership', () => {
    expect(test('Flu Symptoms', 'cough', { 'Flu Symptoms': ['cough', 'fever'] })).toBe(true);
    expect(test('Flu Symptoms', 'rash', { 'Flu Symptoms': ['cough', 'fever'] })).toBe(false);
  });

  it('given text that is not FEEL, then planning reports an error', () => {
    expect(planUnaryTests('>= >=', {})).toHaveProperty('error');
  });
});
