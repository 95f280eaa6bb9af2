import { evaluate, parseExpression, parseUnaryTests } from 'feelin';

type Tree = ReturnType<typeof parseExpression>;

/** Names the FEEL parser must know to read multi-word names such as `Extra days case 1`. */
export type NameScope = Readonly<Record<string, unknown>>;

/** Why `text` is not valid FEEL, or undefined when it parses. */
export function feelSyntaxProblem(text: string, names: NameScope, kind: 'expression' | 'unaryTests'): string | undefined {
  let tree: Tree;
  try {
    tree = kind === 'expression' ? parseExpression(text, names, undefined) : parseUnaryTests(text, names, undefined);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return firstErrorIn(tree, text);
}

export function firstErrorIn(tree: Tree, text: string): string | undefined {
  let problem: string | undefined;
  tree.iterate({
    enter(node) {
      if (problem !== undefined) return false;
      if (node.type.isError) {
        problem = node.from >= text.length ? `incomplete FEEL '${text}'` : `unexpected '${text.slice(node.from, node.to + 1)}' at ${node.from} in '${text}'`;
        return false;
      }
      return undefined;
    },
  });
  return problem;
}

/**
 * Evaluates a FEEL expression. Warnings are ignored on purpose: FEEL propagates null (`10 + null` is null
 * with a warning) and the TCK expects that null, not an error. Syntax errors throw.
 */
export function feelValue(text: string, scope: Readonly<Record<string, unknown>>): unknown {
  return evaluate(text, scope).value;
}
