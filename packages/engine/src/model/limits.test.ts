import { describe, expect, it } from 'vitest';
import { DeployError, ModelTooLargeError } from '../errors.js';
import { checkModelLimits, doctypeOffset, maxNestingDepth } from './limits.js';

describe('model limits', () => {
  it('given comments, CDATA, self-closing tags and ">" inside attributes, when scanned, then only real nesting counts', () => {
    const xml = '<?xml version="1.0"?><!-- <a><b> --><a x="1 > 0"><b/><c><![CDATA[<d><e>]]></c></a>';
    expect(maxNestingDepth(xml)).toBe(2);
  });

  it('given nesting deeper than the limit, when checked, then ModelTooLargeError is thrown', () => {
    expect(() => checkModelLimits('<a>'.repeat(11) + '</a>'.repeat(11), 1000, 10)).toThrow(ModelTooLargeError);
    expect(() => checkModelLimits('<a>'.repeat(10) + '</a>'.repeat(10), 1000, 10)).not.toThrow();
  });

  it('given a DOCTYPE without an internal subset on line 2, when checked, then MODEL_INVALID names line 2', () => {
    const xml = '<?xml version="1.0"?>\n  <!DOCTYPE bpmn:definitions>\n<bpmn:definitions/>';
    let thrown: unknown;
    try {
      checkModelLimits(xml);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DeployError);
    const problem = thrown instanceof DeployError ? thrown.problems[0] : undefined;
    expect(problem).toMatchObject({ line: 2, column: 3 });
    expect(problem?.reason).toContain('DOCTYPE');
    expect(problem?.reason).toContain('line 2');
  });

  it('given "<!DOCTYPE" only inside a comment, CDATA or processing instruction, when scanned, then no declaration is found', () => {
    expect(doctypeOffset('<?x <!DOCTYPE a?><!-- <!DOCTYPE a> --><a><![CDATA[<!DOCTYPE a>]]></a>')).toBeUndefined();
    expect(doctypeOffset('<!-- c --><!doctype a><a/>')).toBe(10);
    expect(() => checkModelLimits('<!-- <!DOCTYPE a> --><a/>')).not.toThrow();
  });
});
