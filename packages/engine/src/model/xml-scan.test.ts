import { describe, expect, it } from 'vitest';
import { idOfTagAt, lineAndColumn, offsetOf, startTagOffsets, tagNameAt } from './xml-scan.js';

describe('xml scan', () => {
  it('given comments, CDATA, declarations and end tags, when start tags are listed, then only real start tags count', () => {
    const xml = '<?xml version="1.0"?><!-- <x/> --><a k="1 > 0"><![CDATA[<y/>]]><b/></a><c>';
    expect([...startTagOffsets(xml)].map((at) => tagNameAt(xml, at))).toEqual(['a', 'b', 'c']);
  });

  it('given \\r\\n, \\r and \\n line ends, when a 0-based position is located and read back, then both agree with the parser', () => {
    const xml = 'l0\r\nl1\rl2\n  <t/>';
    const at = offsetOf(xml, 3, 2);
    expect(at).toBe(xml.indexOf('<t/>'));
    expect(lineAndColumn(xml, at ?? -1)).toEqual({ line: 4, column: 3 });
    expect(offsetOf(xml, 9, 0)).toBeUndefined();
  });

  it('given an id after other attributes, with blanks around = or inside another value, when read, then the own id attribute is returned', () => {
    expect(idOfTagAt('<a name=\'x id="no"\' foo:id="no2"\n id = "yes"/>', 0)).toBe('yes');
    expect(idOfTagAt('<a name="x"/>', 0)).toBeUndefined();
  });
});
