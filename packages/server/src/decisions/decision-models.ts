/**
 * Parsed DMN models by definition id. A stored version never changes, so each is parsed once (parsing a
 * benchmark table takes milliseconds, evaluating it microseconds); the cache keeps the most recent few.
 */
import { parseDmn, type DmnDecision, type DmnModel } from '@zhifa/engine';
import type { StoredDecisionDefinition } from './decision-definition.store.js';
import type { DecisionDefinition, DecisionSummary } from '@zhifa/api-types';

const CACHE_SIZE = 200;

export type ParsedDefinition =
  | { readonly type: 'parsed'; readonly model: DmnModel }
  | { readonly type: 'invalid'; readonly problem: string };

export class DecisionModels {
  private readonly cache = new Map<string, Promise<ParsedDefinition>>();

  parse(definition: StoredDecisionDefinition): Promise<ParsedDefinition> {
    const known = this.cache.get(definition.id);
    if (known) return known;
    const parsed = parseDmn(definition.content).then(
      (model): ParsedDefinition => ({ type: 'parsed', model }),
      (error: unknown): ParsedDefinition => ({ type: 'invalid', problem: error instanceof Error ? error.message : String(error) }),
    );
    this.cache.set(definition.id, parsed);
    // Map iteration is insertion order: the first key is the oldest.
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value ?? '');
    return parsed;
  }
}

/** The API view of a stored definition: its decisions and, for tables, their columns. */
export function describeDefinition(definition: StoredDecisionDefinition, parsed: ParsedDefinition): DecisionDefinition {
  const base = {
    id: definition.id,
    key: definition.key,
    version: definition.version,
    deployedAt: definition.deployedAt,
    deploymentId: definition.deploymentId,
    resourceName: definition.resourceName ?? null,
  };
  switch (parsed.type) {
    case 'invalid':
      return { ...base, name: definition.resourceName ?? definition.key, decisions: [], problem: parsed.problem };
    case 'parsed':
      return { ...base, name: parsed.model.name || definition.key, decisions: Object.values(parsed.model.decisions).map(summarize), problem: null };
    default: {
      const unknown: never = parsed;
      throw new Error(`unexpected ${String(unknown)}`);
    }
  }
}

function summarize(decision: DmnDecision): DecisionSummary {
  const logic = decision.logic;
  if (logic.type !== 'decisionTable') return { id: decision.id, name: decision.name, table: null };
  return {
    id: decision.id,
    name: decision.name,
    table: {
      id: logic.id,
      hitPolicy: logic.hitPolicy,
      aggregation: logic.aggregation ?? null,
      inputs: logic.inputs.map((input) => ({
        id: input.id,
        label: input.label ?? null,
        expression: input.expression,
        typeRef: input.typeRef ?? null,
        inputValues: input.inputValues ?? null,
      })),
      outputs: logic.outputs.map((output) => ({ id: output.id, name: output.name ?? null, label: output.label ?? null, typeRef: output.typeRef ?? null })),
      annotationColumns: [...logic.annotationColumns],
      ruleIds: logic.rules.map((rule) => rule.id),
    },
  };
}

/** The decision a definition is evaluated by when asked by its key: the one no other decision requires. */
export function topDecision(model: DmnModel): DmnDecision | undefined {
  const decisions = Object.values(model.decisions);
  const required = new Set(decisions.flatMap((decision) => decision.requiredDecisionIds));
  const top = decisions.filter((decision) => !required.has(decision.id));
  return top.length === 1 ? top[0] : undefined;
}
