import { EXPRESSION_LIMITS } from './limits.js';

/**
 * FEEL `matches`/`replace`/`split` run JavaScript regular expressions, which backtrack: `(a+)+$` takes
 * exponential time on `aaaa…!`. We refuse the pattern shapes that cause that (a quantified group that
 * itself contains a quantifier or an alternation, back-references, lookarounds), very long patterns and
 * more than {@link MAX_UNBOUNDED} unbounded repetitions (`*`, `+`, `{n,}`: each one multiplies the
 * backtracking by the input length). The text searched is capped too (MAX_REGEX_INPUT, checked at run time),
 * so what remains is polynomial in a bounded input. Returns a reason, or undefined when acceptable.
 */
const MAX_UNBOUNDED = 3;
export const MAX_REGEX_INPUT = 10_000;

export function checkPattern(pattern: string): string | undefined {
  if (pattern.length > EXPRESSION_LIMITS.maxPatternLength) {
    return `longer than ${EXPRESSION_LIMITS.maxPatternLength} characters`;
  }
  if (/\\[1-9k]/.test(pattern)) return 'back-references are not allowed';
  if (/\(\?<?[=!]/.test(pattern)) return 'lookarounds are not allowed';
  const groupStack: { quantified: boolean; alternation: boolean }[] = [];
  let unbounded = 0;
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i];
    if (ch === '\\') {
      i += 1;
    } else if (ch === '[') {
      i = skipClass(pattern, i);
    } else if (ch === '(') {
      groupStack.push({ quantified: false, alternation: false });
      // `(?:` and `(?<name>` open a group; their `?` is not a repetition
      if (pattern[i + 1] === '?') i = pattern.indexOf(pattern[i + 2] === '<' ? '>' : ':', i);
      if (i < 0) return 'not a valid regular expression';
    } else if (ch === '|') {
      const top = groupStack[groupStack.length - 1];
      if (top) top.alternation = true;
    } else if (ch === ')') {
      const group = groupStack.pop();
      if (group && isQuantifier(pattern[i + 1]) && (group.quantified || group.alternation)) {
        return 'a repeated group may not contain a repetition or alternation (catastrophic backtracking)';
      }
      const parent = groupStack[groupStack.length - 1];
      if (parent && (group?.quantified || isQuantifier(pattern[i + 1]))) parent.quantified = true;
    } else if (isQuantifier(ch)) {
      const top = groupStack[groupStack.length - 1];
      if (top) top.quantified = true;
      if (ch === '*' || ch === '+' || (ch === '{' && /^\{\d+,\}/.test(pattern.slice(i)))) unbounded += 1;
    }
  }
  if (unbounded > MAX_UNBOUNDED) return `more than ${MAX_UNBOUNDED} unbounded repetitions (*, +, {n,})`;
  try {
    new RegExp(pattern);
  } catch {
    return 'not a valid regular expression';
  }
  return undefined;
}

function isQuantifier(ch: string | undefined): boolean {
  return ch === '*' || ch === '+' || ch === '?' || ch === '{';
}

function skipClass(pattern: string, start: number): number {
  for (let i = start + 1; i < pattern.length; i += 1) {
    if (pattern[i] === '\\') i += 1;
    else if (pattern[i] === ']') return i;
  }
  return pattern.length;
}
