import { JuelSyntaxError } from './juel-lexer.js';

/** A JUEL source split into literal text and the bodies of its `${…}` / `#{…}` parts (EL composite). */
export type TemplatePart = { type: 'text'; text: string } | { type: 'expr'; body: string; at: number };

/** Splits a template. `\${` and `\#{` are literal text (EL escape). A `}` inside a string literal does not close. */
export function splitTemplate(source: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === '\\' && (source.startsWith('${', i + 1) || source.startsWith('#{', i + 1))) {
      text += source.slice(i + 1, i + 3);
      i += 3;
      continue;
    }
    if ((ch === '$' || ch === '#') && source.charAt(i + 1) === '{') {
      const end = closingBrace(source, i + 2);
      if (text) parts.push({ type: 'text', text });
      text = '';
      parts.push({ type: 'expr', body: source.slice(i + 2, end), at: i });
      i = end + 1;
      continue;
    }
    text += ch;
    i += 1;
  }
  if (text) parts.push({ type: 'text', text });
  return parts;
}

function closingBrace(source: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < source.length; i += 1) {
    const ch = source.charAt(i);
    if (quote) {
      if (ch === '\\') i += 1;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '}') {
      return i;
    }
  }
  throw new JuelSyntaxError(`'${source.charAt(from - 2)}{' at position ${from - 2} is never closed`);
}
