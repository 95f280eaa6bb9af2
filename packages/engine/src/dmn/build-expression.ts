import type { ModdleElement } from 'dmn-moddle';
import { checkFeel, optional, problem, type BuildContext } from './build-context.js';
import { buildDecisionTable } from './build-table.js';
import type { DmnExpression } from './model.js';
import { readChild, readChildren, readString, readText } from './moddle-read.js';

/** Converts a boxed expression; undefined (with a problem) when it is missing or of an unsupported kind. */
export function buildExpression(context: BuildContext, element: ModdleElement | undefined, ownerId: string): DmnExpression | undefined {
  if (!element) {
    context.problems.push({ elementId: ownerId, reason: 'no decision logic (expected a decision table, literal expression, context or invocation)' });
    return undefined;
  }
  const id = readString(element, 'id');
  const withId = id ? { id } : {};
  switch (element.$type) {
    case 'dmn:LiteralExpression': {
      const text = readString(element, 'text') ?? '';
      checkFeel(context, element, text, 'literal expression', ownerId);
      return { type: 'literalExpression', ...withId, text };
    }
    case 'dmn:DecisionTable':
      return buildDecisionTable(context, element, ownerId);
    case 'dmn:Context': {
      const entries = readChildren(element, 'contextEntry').map((entry) => {
        const name = readString(readChild(entry, 'variable') ?? entry, 'name');
        const value = buildExpression(context, readChild(entry, 'value'), id ?? ownerId);
        return value ? { ...(name !== undefined ? { name } : {}), value } : undefined;
      });
      return { type: 'context', ...withId, entries: entries.filter((entry) => entry !== undefined) };
    }
    case 'dmn:Invocation': {
      const calledFunction = readText(readChild(element, 'calledFunction'))?.trim() ?? '';
      if (calledFunction === '') problem(context, element, 'invocation names no function', ownerId);
      const bindings = readChildren(element, 'binding').map((binding) => {
        const parameter = readString(readChild(binding, 'parameter') ?? binding, 'name') ?? '';
        if (parameter === '') problem(context, element, 'invocation binding without a parameter name', ownerId);
        const formula = readChild(binding, 'bindingFormula');
        const value = formula ? buildExpression(context, formula, id ?? ownerId) : undefined;
        return { parameter, ...(value ? { value } : {}) };
      });
      return { type: 'invocation', ...withId, calledFunction, bindings };
    }
    case 'dmn:FunctionDefinition': {
      const kind = readString(element, 'kind');
      if (kind !== undefined && kind !== 'FEEL') problem(context, element, `function kind ${kind} is not supported (only FEEL)`, ownerId);
      const body = buildExpression(context, readChild(element, 'body'), id ?? ownerId);
      const parameters = readChildren(element, 'formalParameter').map((parameter) => ({
        name: readString(parameter, 'name') ?? '',
        ...optional('typeRef', readString(parameter, 'typeRef')),
      }));
      return body ? { type: 'functionDefinition', ...withId, parameters, body } : undefined;
    }
    case 'dmn:List': {
      const elements = readChildren(element, 'elements').map((item) => buildExpression(context, item, id ?? ownerId));
      return { type: 'list', ...withId, elements: elements.filter((item) => item !== undefined) };
    }
    default:
      problem(context, element, `${element.$type} is not supported as decision logic`, ownerId);
      return undefined;
  }
}
