/** Tokens of the JUEL subset (EL 2.2 syntax inside one `${…}`). */
export type JuelToken =
  | { type: 'number'; value: number; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'ident'; value: string; at: number }
  | { type: 'op'; value: string; at: number }
  | { type: 'end'; at: number };

export class JuelSyntaxError extends Error {
  readonly code = 'JUEL_SYNTAX';
}

/** Word operators of EL, mapped to their symbol so the parser sees one spelling. */
const WORD_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['and', '&&'], ['or', '||'], ['not', '!'], ['eq', '=='], ['ne', '!='], ['lt', '<'], ['le', '<='], ['gt', '>'], ['ge', '>='],
  ['div', '/'], ['mod', '%'], ['empty', 'empty'],
]);
const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%', '?', ':', '.', '[', ']', '(', ')', ','];
const NUMBER = /^(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/;
/** Java identifiers: letters of any script (Chinese variable names are common here), digits, `_`, `$`. */
const IDENT = /^[\p{L}_$][\p{L}\p{N}_$]*/u;

export function tokenize(source: string): JuelToken[] {
  const tokens: JuelToken[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const rest = source.slice(i, i + 400);
    const number = NUMBER.exec(rest);
    if (number && /[\d.]/.test(ch) && !(ch === '.' && !/\d/.test(source.charAt(i + 1)))) {
      tokens.push({ type: 'number', value: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      const word = ident[0];
      const op = WORD_OPERATORS.get(word);
      tokens.push(op ? { type: 'op', value: op, at: i } : { type: 'ident', value: word, at: i });
      i += word.length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const [value, next] = readString(source, i, ch);
      tokens.push({ type: 'string', value, at: i });
      i = next;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
    if (!op) throw new JuelSyntaxError(`unexpected character '${ch}' at position ${i}`);
    tokens.push({ type: 'op', value: op, at: i });
    i += op.length;
  }
  tokens.push({ type: 'end', at: source.length });
  return tokens;
}

/** EL string literal: the quote, `\` and (leniently) the other quote may be escaped with `\`. */
function readString(source: string, start: number, quote: string): [string, number] {
  let out = '';
  for (let i = start + 1; i < source.length; i += 1) {
    const ch = source.charAt(i);
    if (ch === quote) return [out, i + 1];
    if (ch === '\\' && i + 1 < source.length) {
      i += 1;
      out += source.charAt(i);
    } else {
      out += ch;
    }
  }
  throw new JuelSyntaxError(`unterminated string starting at position ${start}`);
}
