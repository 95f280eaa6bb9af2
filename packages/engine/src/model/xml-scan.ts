/**
 * Small scans over raw XML text, without building a tree: used before parsing (limits) and to place the
 * parser's warnings back on the element they are about.
 */

/** Offset just past `marker` searched from `from`, or -1. */
export function skipTo(xml: string, from: number, marker: string): number {
  const at = xml.indexOf(marker, from);
  return at === -1 ? -1 : at + marker.length;
}

/** Index of the `>` closing a start tag, skipping quoted attribute values. */
export function tagEnd(xml: string, from: number): number {
  let quote: string | undefined;
  for (let i = from + 1; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i;
    }
  }
  return -1;
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;

/**
 * Offsets of the start tags (`<name …>`, `<name …/>`) in document order; comments, CDATA, declarations,
 * processing instructions and end tags are skipped.
 */
export function* startTagOffsets(xml: string): Generator<number> {
  let i = xml.indexOf('<');
  while (i !== -1 && i < xml.length) {
    if (xml.startsWith('<!--', i)) i = skipTo(xml, i, '-->');
    else if (xml.startsWith('<![CDATA[', i)) i = skipTo(xml, i, ']]>');
    else if (xml.startsWith('<?', i)) i = skipTo(xml, i, '?>');
    else if (xml[i + 1] === '!' || xml[i + 1] === '/') i = skipTo(xml, i, '>');
    else if (NAME_START.test(xml[i + 1] ?? '')) {
      yield i;
      const end = tagEnd(xml, i);
      i = end === -1 ? -1 : end + 1;
    } else i += 1;
    if (i === -1) return;
    i = xml.indexOf('<', i);
  }
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Offset of a 0-based line and column counted as the XML parser (saxen) counts them: `\r\n`, `\r` or `\n` end a line. */
export function offsetOf(xml: string, line: number, column: number): number | undefined {
  let lineStart = 0;
  const breaks = new RegExp(LINE_BREAK.source, 'g');
  for (let l = 0; l < line; l++) {
    const match = breaks.exec(xml);
    if (!match) return undefined;
    lineStart = match.index + match[0].length;
  }
  const offset = lineStart + column;
  return offset <= xml.length ? offset : undefined;
}

/** 1-based line and column of an offset. */
export function lineAndColumn(xml: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const breaks = new RegExp(LINE_BREAK.source, 'g');
  for (let match = breaks.exec(xml); match && match.index < offset; match = breaks.exec(xml)) {
    line += 1;
    lineStart = match.index + match[0].length;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The qualified name of the start tag at `offset`, e.g. `bpmn:userTask`. */
export function tagNameAt(xml: string, offset: number): string | undefined {
  return /^<([^\s/>]+)/.exec(xml.slice(offset, offset + 200))?.[1];
}

/** The unprefixed `id` attribute of the start tag at `offset` (blanks around `=` allowed). */
export function idOfTagAt(xml: string, offset: number): string | undefined {
  const end = tagEnd(xml, offset);
  if (end === -1) return undefined;
  const tag = xml.slice(offset, end);
  for (const [, name, value] of tag.matchAll(/\s([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/g)) {
    if (name === 'id' && value !== undefined) return value.slice(1, -1);
  }
  return undefined;
}
