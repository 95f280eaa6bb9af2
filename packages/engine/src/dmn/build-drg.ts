import type { ModdleElement } from 'dmn-moddle';
import { optional, problem, type BuildContext } from './build-context.js';
import { buildExpression } from './build-expression.js';
import type { DmnBusinessKnowledgeModel, DmnDecision, DmnInputData, DmnItemDefinition, DmnModel } from './model.js';
import { readBoolean, readChild, readChildren, readHref, readString, readText } from './moddle-read.js';

type Kind = 'decision' | 'inputData' | 'bkm';
const KIND_OF_TYPE: Readonly<Record<string, Kind>> = {
  'dmn:Decision': 'decision',
  'dmn:InputData': 'inputData',
  'dmn:BusinessKnowledgeModel': 'bkm',
};

/** Compiles the decision requirements graph: decisions, input data, BKMs, item definitions. */
export function buildDrg(context: BuildContext, root: ModdleElement): DmnModel {
  const elements = readChildren(root, 'drgElement');
  const kinds = new Map<string, Kind>();
  for (const element of elements) {
    const id = readString(element, 'id');
    const kind = KIND_OF_TYPE[element.$type];
    if (id !== undefined && kind !== undefined) kinds.set(id, kind);
  }
  const decisions: Record<string, DmnDecision> = {};
  const decisionIdsByName: Record<string, string> = {};
  const bkms: Record<string, DmnBusinessKnowledgeModel> = {};
  const inputData: Record<string, DmnInputData> = {};
  for (const element of elements) {
    const id = readString(element, 'id') ?? '';
    const name = readString(element, 'name') ?? id;
    const typeRef = readString(readChild(element, 'variable') ?? element, 'typeRef');
    if (id === '') problem(context, element, `${element.$type} '${name}' has no id`);
    switch (KIND_OF_TYPE[element.$type]) {
      case 'decision': {
        const decision = buildDecision(context, element, kinds, { id, name, typeRef });
        if (!decision) break;
        if (decisionIdsByName[name] !== undefined) problem(context, element, `two decisions are named '${name}'`);
        decisions[id] = decision;
        decisionIdsByName[name] = id;
        break;
      }
      case 'inputData':
        inputData[id] = { id, name, ...optional('typeRef', typeRef) };
        break;
      case 'bkm': {
        const logic = readChild(element, 'encapsulatedLogic');
        const fn = buildExpression(context, logic, id);
        if (fn && fn.type !== 'functionDefinition') problem(context, element, 'BKM logic must be a function definition');
        if (fn?.type !== 'functionDefinition') break;
        const requiredKnowledgeIds = references(context, element, 'knowledgeRequirement', 'requiredKnowledge', 'bkm', kinds);
        bkms[id] = { id, name, parameters: fn.parameters, requiredKnowledgeIds, body: fn.body };
        break;
      }
      default:
        break; // knowledge sources, decision services and text annotations are not evaluated
    }
  }
  checkCycles(context, decisions);
  return {
    id: readString(root, 'id') ?? '',
    name: readString(root, 'name') ?? '',
    namespace: readString(root, 'namespace') ?? '',
    decisions,
    decisionIdsByName,
    bkms,
    inputData,
    itemDefinitions: buildItemDefinitions(root),
  };
}

function buildDecision(
  context: BuildContext,
  element: ModdleElement,
  kinds: ReadonlyMap<string, Kind>,
  base: { id: string; name: string; typeRef: string | undefined },
): DmnDecision | undefined {
  const requiredDecisionIds = references(context, element, 'informationRequirement', 'requiredDecision', 'decision', kinds);
  const requiredInputIds = references(context, element, 'informationRequirement', 'requiredInput', 'inputData', kinds);
  const requiredKnowledgeIds = references(context, element, 'knowledgeRequirement', 'requiredKnowledge', 'bkm', kinds);
  const logic = buildExpression(context, readChild(element, 'decisionLogic'), base.id);
  if (!logic) return undefined;
  return { id: base.id, name: base.name, ...optional('typeRef', base.typeRef), requiredDecisionIds, requiredInputIds, requiredKnowledgeIds, logic };
}

/** Ids referenced by `requirement/reference@href`, each checked to name an element of the expected kind. */
function references(
  context: BuildContext,
  element: ModdleElement,
  requirement: string,
  reference: string,
  kind: Kind,
  kinds: ReadonlyMap<string, Kind>,
): string[] {
  const ids: string[] = [];
  for (const item of readChildren(element, requirement)) {
    const ref = readChild(item, reference);
    if (!ref) continue;
    const id = readHref(ref);
    if (id === undefined || kinds.get(id) !== kind) {
      problem(context, element, `${reference} '${readString(ref, 'href') ?? ''}' does not name a ${kind} in this model`);
      continue;
    }
    ids.push(id);
  }
  return ids;
}

function checkCycles(context: BuildContext, decisions: Readonly<Record<string, DmnDecision>>): void {
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (id: string): boolean => {
    if (done.has(id)) return true;
    if (visiting.has(id)) {
      context.problems.push({ elementId: id, elementType: 'dmn:Decision', reason: 'decision requirements form a cycle' });
      return false;
    }
    visiting.add(id);
    const ok = (decisions[id]?.requiredDecisionIds ?? []).every(visit);
    visiting.delete(id);
    done.add(id);
    return ok;
  };
  Object.keys(decisions).forEach(visit);
}

function buildItemDefinitions(root: ModdleElement): Record<string, DmnItemDefinition> {
  const items: Record<string, DmnItemDefinition> = {};
  for (const item of readChildren(root, 'itemDefinition')) {
    const name = readString(item, 'name');
    if (name === undefined) continue;
    items[name] = {
      name,
      ...optional('typeRef', readString(item, 'typeRef')),
      isCollection: readBoolean(item, 'isCollection'),
      ...optional('allowedValues', readText(readChild(item, 'allowedValues'))?.trim() || undefined),
      components: readChildren(item, 'itemComponent').map((component) => readString(component, 'name') ?? ''),
    };
  }
  return items;
}
