import { parseExpression } from 'feelin';
import { EXPRESSION_LIMITS, quote } from './limits.js';
import { checkPattern } from './regex-guard.js';

type SyntaxNode = ReturnType<typeof parseExpression>['topNode'];

/**
 * feelin has no step limit and its loops are unbounded (`for i in 1..1.5` never ends), so before a FEEL
 * expression runs we rewrite the places where work can grow into calls to our own counting functions:
 * - every `for`/`some`/`every` source: `x in L` → `x in zhifaIterate(L)`, `x in A..B` → `x in zhifaRange(A, B)`;
 * - every function argument and, inside a loop body or filter condition, the list of a filter `L[…]`,
 *   the base of a path `L.a` and comparison operands → `zhifaArg(…, weight)`, which charges a list's
 *   length plus its text (squared for quadratic builtins) and a string's length / 1000. Outside loops,
 *   paths and comparisons are linear in the input and left alone, which keeps plain conditions fast.
 * The counting functions charge one shared {@link StepBudget}, so nested loops are charged per inner run.
 * The text given to `matches`/`replace`/`split` goes through `zhifaRegexInput`, which caps its length.
 * User-defined functions (`function(x) …`) are refused (they allow unbounded recursion) except written
 * directly as the ordering argument of `sort`, where nothing can name them.
 */
const QUADRATIC_BUILTINS: ReadonlySet<string> = new Set(['distinct values', 'duplicate values', 'union']);
const REGEX_BUILTINS: ReadonlySet<string> = new Set(['matches', 'replace', 'split']);
const VALUE_NODES: ReadonlySet<string> = new Set(['VariableName', 'PathExpression', 'FunctionInvocation', 'FilterExpression']);

export type GuardResult =
  | { ok: true; source: string; names: ReadonlySet<string> }
  | { ok: false; error: string };

class GuardError extends Error {}

const normalizeName = (text: string): string => text.trim().replace(/\s+/g, ' ');

/** Parses `source` (names with spaces resolve against `variableNames`), checks it, and rewrites it. */
export function guardFeel(source: string, variableNames: readonly string[]): GuardResult {
  if (source.trim() === '') return { ok: false, error: 'empty FEEL expression' };
  const context = Object.fromEntries(variableNames.map((name) => [name, null]));
  const tree = parseExpression(source, context, undefined);
  let depth = 0;
  let tooDeep = false;
  let syntaxError: number | undefined;
  const names = new Set<string>();
  // Iterative walk first: the recursive rewrite below is only safe once depth is known to be bounded.
  tree.iterate({
    enter(node) {
      if (node.type.isError && syntaxError === undefined) syntaxError = node.from;
      // A name only ever called (`count(l)`) is not read as a variable, so a variable named `count` cannot
      // shadow the builtin; feelin would otherwise look the callee up in the variables first.
      if (node.name === 'VariableName' && !isCallee(node.node)) names.add(normalizeName(source.slice(node.from, node.to)));
      depth += 1;
      if (depth > EXPRESSION_LIMITS.maxDepth) tooDeep = true;
      return !tooDeep;
    },
    leave() {
      depth -= 1;
    },
  });
  if (tooDeep) return { ok: false, error: `FEEL expression nested deeper than ${EXPRESSION_LIMITS.maxDepth} levels` };
  if (syntaxError !== undefined) {
    return { ok: false, error: `FEEL syntax error at position ${syntaxError} in ${quote(source)}` };
  }
  try {
    return { ok: true, source: new Rewriter(source).node(tree.topNode), names };
  } catch (error) {
    if (error instanceof GuardError) return { ok: false, error: error.message };
    throw error;
  }
}

class Rewriter {
  /** How many loop bodies / filter conditions enclose the node being rewritten. */
  private loops = 0;

  constructor(private readonly source: string) {}

  private text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }

  /** The node's text, rewritten. */
  node(node: SyntaxNode): string {
    if (node.name === 'FunctionDefinition') {
      if (!this.isSortArgument(node)) {
        throw new GuardError('user-defined FEEL functions are only supported as the ordering of sort() (elsewhere they allow unbounded recursion)');
      }
      return this.loop(node, (child) => this.node(child), true);
    }
    return this.special(node) ?? this.rebuild(node);
  }

  /**
   * A function written directly as an argument of `sort` cannot name itself, so it cannot recurse; it runs
   * once per comparison, so its body is rewritten like a loop body.
   */
  private isSortArgument(node: SyntaxNode): boolean {
    let parent = node.parent;
    if (parent?.name === 'NamedParameter') parent = parent.parent;
    if (parent?.name !== 'PositionalParameters' && parent?.name !== 'NamedParameters') return false;
    const callee = parent.parent?.name === 'FunctionInvocation' ? parent.parent.firstChild : null;
    return callee?.name === 'VariableName' && normalizeName(this.text(callee)) === 'sort';
  }

  /** Rewrites a loop-like node: its first child runs once (unless `all`), every later child once per element. */
  private loop(node: SyntaxNode, first: (child: SyntaxNode) => string, all = false): string {
    return this.rebuild(node, (child, index) => {
      if (index === 0 && !all) return first(child);
      this.loops += 1;
      try {
        return this.node(child);
      } finally {
        this.loops -= 1;
      }
    });
  }

  /** The node's text with each child replaced by `replace(child)` (default: rewritten recursively). */
  private rebuild(node: SyntaxNode, replace: (child: SyntaxNode, index: number) => string = (child) => this.node(child)): string {
    let out = '';
    let at = node.from;
    let index = 0;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      out += this.source.slice(at, child.from) + replace(child, index);
      at = child.to;
      index += 1;
    }
    return out + this.source.slice(at, node.to);
  }

  private wrap(node: SyntaxNode, weight = 1, always = false): string {
    return this.loops > 0 || always ? `zhifaArg(${this.node(node)}, ${weight})` : this.node(node);
  }

  private special(node: SyntaxNode): string | undefined {
    switch (node.name) {
      case 'IterationContext': {
        const [from, dots, to] = children(node);
        if (!from) return undefined;
        if (dots?.name === '..' && to) return `zhifaRange(${this.node(from)}, ${this.node(to)})`;
        return `zhifaIterate(${this.node(from)})`;
      }
      case 'ForExpression':
      case 'QuantifiedExpression':
        return this.loop(node, (child) => this.node(child));
      case 'FilterExpression':
        return this.loop(node, (child) => `zhifaArg(${this.node(child)}, 1)`);
      case 'PathExpression':
        return this.rebuild(node, (child, index) => (index === 0 ? this.wrap(child) : this.node(child)));
      case 'Comparison':
        return this.rebuild(node, (child, index) => {
          if (index === 0 || VALUE_NODES.has(child.name)) return this.wrap(child);
          if (child.name === 'PositiveUnaryTest' && child.firstChild && VALUE_NODES.has(child.firstChild.name)) {
            return this.wrap(child.firstChild);
          }
          return this.node(child);
        });
      case 'FunctionInvocation':
        return this.invocation(node);
      default:
        return undefined;
    }
  }

  private invocation(node: SyntaxNode): string {
    const callee = node.firstChild;
    const name = callee ? normalizeName(this.text(callee)) : '';
    // sort runs its ordering n·log n times: n^1.5 charges at least that for any list under the budget
    const weight = QUADRATIC_BUILTINS.has(name) ? 2 : name === 'sort' ? 1.5 : 1;
    return this.rebuild(node, (child) => {
      if (child.name === 'PositionalParameters') {
        const params = children(child);
        if (!REGEX_BUILTINS.has(name)) return this.rebuild(child, (param) => this.wrap(param, weight, true));
        this.checkRegexArgument(name, params[1]);
        // the searched text is capped: backtracking time grows with its length
        return this.rebuild(child, (param, index) => (index === 0 ? `zhifaRegexInput(${this.node(param)})` : this.node(param)));
      }
      if (child.name === 'NamedParameters') {
        if (REGEX_BUILTINS.has(name)) throw new GuardError(`call '${name}' with positional arguments`);
        return this.rebuild(child, (param) =>
          this.rebuild(param, (part) => (part.name === 'ParameterName' ? this.node(part) : this.wrap(part, weight, true))),
        );
      }
      return this.node(child);
    });
  }

  private checkRegexArgument(name: string, pattern: SyntaxNode | undefined): void {
    if (pattern?.name !== 'StringLiteral') {
      throw new GuardError(`the pattern of '${name}' must be a string literal so it can be checked before use`);
    }
    const problem = checkPattern(this.text(pattern).slice(1, -1));
    if (problem) throw new GuardError(`pattern of '${name}' refused: ${problem}`);
  }
}

function isCallee(node: SyntaxNode): boolean {
  const parent = node.parent;
  return parent?.name === 'FunctionInvocation' && parent.firstChild?.from === node.from;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}
