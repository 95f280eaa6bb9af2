import { parseUnaryTests, unaryTest } from 'feelin';
import { feelValue, firstErrorIn, type NameScope } from './feel.js';
import type { DmnPositiveTest, DmnUnaryTestPlan } from './model.js';

type Tree = ReturnType<typeof parseUnaryTests>;
type SyntaxNode = Tree['topNode'];

/** Literal node types of lezer-feel: compared with `?` by feelin itself, never taken as a boolean result. */
const LITERAL = /Literal$/;

/**
 * Reads an input entry once, at deploy time: `-` or empty matches anything; otherwise the entry is split into
 * its positive tests (and a top-level `not(…)`), each marked whether it is a plain expression.
 */
export function planUnaryTests(text: string, names: NameScope): DmnUnaryTestPlan | { readonly error: string } {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '-') return { type: 'any' };
  let tree: Tree;
  try {
    tree = parseUnaryTests(text, names, undefined);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const problem = firstErrorIn(tree, text) ?? nestedComparison(tree, text);
  if (problem !== undefined) return { error: problem };
  const top = tree.topNode;
  if (top.getChild('Wildcard')) return { type: 'any' };
  const positives = top.getChild('PositiveUnaryTests');
  if (!positives) return { error: `no unary test in '${text}'` };
  const negated = top.getChild('not') !== null;
  const tests: DmnPositiveTest[] = positives.getChildren('PositiveUnaryTest').map((node) => ({
    text: text.slice(node.from, node.to),
    plainExpression: isPlainExpression(node),
  }));
  return { type: 'tests', negated, tests };
}

/** lezer-feel accepts `>= >= 60` (a comparison of a comparison), which fails only when evaluated. */
function nestedComparison(tree: Tree, text: string): string | undefined {
  let problem: string | undefined;
  tree.iterate({
    enter(node) {
      if (node.name === 'SimplePositiveUnaryTest' && node.node.parent?.name === 'SimplePositiveUnaryTest') {
        problem = `comparison without a value in '${text}'`;
      }
      return problem === undefined ? undefined : false;
    },
  });
  return problem;
}

function isPlainExpression(test: SyntaxNode): boolean {
  const inner = test.firstChild;
  if (!inner || inner.name === 'SimplePositiveUnaryTest' || LITERAL.test(inner.name)) return false;
  let mentionsInput = false;
  inner.toTree().iterate({
    enter(node) {
      if (node.name === '?') mentionsInput = true;
      return mentionsInput ? false : undefined;
    },
  });
  return !mentionsInput;
}

/**
 * Applies an entry to the input value bound as `?` in `scope`. Three-valued: null when no test could decide.
 * A plain expression yielding a boolean is compared with `?` (DMN TCK 0036: entry `Complex.aBoolean` means
 * `? = Complex.aBoolean`), which feelin alone would take as the test's result.
 */
export function runUnaryTests(plan: DmnUnaryTestPlan, scope: Readonly<Record<string, unknown>>): boolean | null {
  if (plan.type === 'any') return true;
  let result: boolean | null = false;
  for (const test of plan.tests) {
    const outcome = runPositiveTest(test, scope);
    if (outcome === true) {
      result = true;
      break;
    }
    if (outcome === null) result = null;
  }
  if (!plan.negated || result === null) return result;
  return !result;
}

function runPositiveTest(test: DmnPositiveTest, scope: Readonly<Record<string, unknown>>): boolean | null {
  if (test.plainExpression) {
    const value = feelValue(test.text, scope);
    if (typeof value === 'boolean') {
      const input = scope['?'];
      if (input === null || input === undefined) return null;
      return input === value;
    }
  }
  return unaryTest(test.text, scope).value;
}
