import { describe, expect, it } from 'vitest';
import { ModelTooLargeError } from '../errors.js';
import { checkModelLimits, maxNestingDepth } from './limits.js';

describe('model limits', () => {
  it('given comments, CDATA, self-closing tags and ">" inside attributes, when scanned, then only real nesting counts', () => {
    const xml = '<?xml version="1.0"?><!-- <a><b> --><a x="1 > 0"><b/><c><![CDATA[<d><e>]]></c></a>';
    expect(maxNestingDepth(xml)).toBe(2);
  });

  it('given nesting deeper than the limit, when checked, then ModelTooLargeError is thrown', () => {
    expect(() => checkModelLimits('<a>'.repeat(11) + '</a>'.repeat(11), 1000, 10)).toThrow(ModelTooLargeError);
    expect(() => checkModelLimits('<a>'.repeat(10) + '</a>'.repeat(10), 1000, 10)).not.toThrow();
  });
});
