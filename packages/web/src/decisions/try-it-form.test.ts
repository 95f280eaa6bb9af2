import { describe, expect, it } from 'vitest';
import { fieldsOf, kindOf, stringChoices, valueOf } from './try-it-form.js';

const column = (typeRef: string | null, inputValues: string | null = null, expression = 'x') => ({ id: 'c', label: null, expression, typeRef, inputValues });

describe('the try-it form', () => {
  it('asks for each typeRef with a matching control', () => {
    expect(kindOf(column('boolean'))).toEqual({ type: 'boolean' });
    expect(kindOf(column('number'))).toEqual({ type: 'number' });
    expect(kindOf(column('integer'))).toEqual({ type: 'number' });
    expect(kindOf(column('date'))).toEqual({ type: 'date' });
    expect(kindOf(column('dateTime'))).toEqual({ type: 'datetime' });
    expect(kindOf(column('string', '"无危害后果","危害后果轻微","一般","严重"'))).toEqual({ type: 'choice', options: ['无危害后果', '危害后果轻微', '一般', '严重'] });
    expect(kindOf(column('string', 'not("x")'))).toEqual({ type: 'text' });
    expect(kindOf(column(null))).toEqual({ type: 'text' });
  });

  it('reads quoted choices with commas inside and refuses anything that is not a plain literal', () => {
    expect(stringChoices('"a, b", "c"')).toEqual(['a, b', 'c']);
    expect(stringChoices('"a", >= 3')).toBeUndefined();
    expect(stringChoices('')).toBeUndefined();
  });

  it('turns entries into variable values, empty into null', () => {
    expect(valueOf({ type: 'boolean' }, 'false')).toBe(false);
    expect(valueOf({ type: 'number' }, '5000')).toBe(5000);
    expect(valueOf({ type: 'number' }, '')).toBeNull();
    expect(valueOf({ type: 'datetime' }, '2026-03-02T09:30')).toBe('2026-03-02T09:30:00');
    expect(valueOf({ type: 'choice', options: ['一般'] }, '一般')).toBe('一般');
  });

  it('asks only for inputs that are plain variable names', () => {
    const { fields, computed } = fieldsOf([column('number', null, 'goodsValue'), column('number', null, 'a + b'), column('string', null, '危害后果')]);
    expect(fields.map((field) => field.variable)).toEqual(['goodsValue', '危害后果']);
    expect(computed.map((c) => c.expression)).toEqual(['a + b']);
  });
});
