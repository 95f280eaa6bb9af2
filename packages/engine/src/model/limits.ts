/**
 * Cheap checks on the raw XML text before bpmn-moddle sees it: it overflows the stack on very deep nesting
 * and takes seconds on huge files, so both are refused up front. A document type declaration is refused
 * too, with or without entities: no BPMN model needs one, and refusing all of them keeps the rule true
 * whatever the parser would make of a DTD.
 */
import { DeployError, ModelTooLargeError } from '../errors.js';
import { lineAndColumn, skipTo, tagEnd } from './xml-scan.js';

export const MAX_MODEL_BYTES = 5 * 1024 * 1024;
export const MAX_NESTING_DEPTH = 200;

export function checkModelLimits(xml: string, maxBytes = MAX_MODEL_BYTES, maxDepth = MAX_NESTING_DEPTH): void {
  // UTF-16 length is a lower bound on bytes for BMP text; good enough for a cap.
  if (xml.length > maxBytes) {
    throw new ModelTooLargeError(`model is ${xml.length} characters, the limit is ${maxBytes}`);
  }
  const depth = maxNestingDepth(xml, maxDepth);
  if (depth > maxDepth) {
    throw new ModelTooLargeError(`model nests elements deeper than ${maxDepth} levels`);
  }
  const doctype = doctypeOffset(xml);
  if (doctype !== undefined) {
    const { line, column } = lineAndColumn(xml, doctype);
    throw DeployError.of([
      { elementType: 'bpmn:Definitions', reason: `a document type declaration (<!DOCTYPE) is not allowed (line ${line})`, line, column },
    ]);
  }
}

/** Offset of the first `<!DOCTYPE` in markup (not inside a comment, CDATA or processing instruction). */
export function doctypeOffset(xml: string): number | undefined {
  let i = xml.indexOf('<');
  while (i !== -1 && i < xml.length) {
    if (xml.startsWith('<!--', i)) i = skipTo(xml, i, '-->');
    else if (xml.startsWith('<![CDATA[', i)) i = skipTo(xml, i, ']]>');
    else if (xml.startsWith('<?', i)) i = skipTo(xml, i, '?>');
    else if (xml.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') return i;
    else i = i + 1;
    if (i === -1) break;
    i = xml.indexOf('<', i);
  }
  return undefined;
}

/** Scans tags without building a tree; stops counting once `stopAt` is exceeded. */
export function maxNestingDepth(xml: string, stopAt = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let i = xml.indexOf('<');
  while (i !== -1 && i < xml.length) {
    const next = xml[i + 1];
    if (next === '!') {
      if (xml.startsWith('<!--', i)) i = skipTo(xml, i, '-->');
      else if (xml.startsWith('<![CDATA[', i)) i = skipTo(xml, i, ']]>');
      else i = skipTo(xml, i, '>');
    } else if (next === '?') {
      i = skipTo(xml, i, '?>');
    } else if (next === '/') {
      depth -= 1;
      i = skipTo(xml, i, '>');
    } else {
      const end = tagEnd(xml, i);
      if (end === -1) break;
      if (xml[end - 1] !== '/') {
        depth += 1;
        if (depth > max) max = depth;
        if (max > stopAt) return max;
      }
      i = end + 1;
    }
    if (i === -1) break;
    i = xml.indexOf('<', i);
  }
  return max;
}
