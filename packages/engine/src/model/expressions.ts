/**
 * Classifies expressions found in a model and checks their syntax at deploy time through the expression
 * module, reporting problems against the element being compiled.
 */
import type { ModelProblem } from '../errors.js';
import { checkSyntax, classifyExpression } from '../expression/index.js';
import type { Expr } from './model.js';

export interface Classifier {
  /** Classify and syntax-check; `what` names the attribute for messages. */
  classify(raw: string, what: string): Expr;
  /** Set the element that following problems are reported against. */
  at(elementId: string | undefined, elementType: string | undefined): void;
}

export function makeClassifier(report: (problem: ModelProblem) => void): Classifier {
  let elementId: string | undefined;
  let elementType: string | undefined;
  return {
    at(id, type) {
      elementId = id;
      elementType = type;
    },
    classify(raw, what) {
      const classified = classifyExpression(raw);
      if (classified.kind === 'literal') return { kind: 'literal', value: classified.value };
      const check = checkSyntax(classified.kind, classified.source);
      if (!check.ok) {
        report({ elementId, elementType, reason: `invalid ${classified.kind.toUpperCase()} expression in ${what}: ${check.error}` });
      }
      return { kind: classified.kind, source: classified.source };
    },
  };
}
