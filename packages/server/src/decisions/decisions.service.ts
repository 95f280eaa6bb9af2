/**
 * Reads deployed decision definitions and evaluates decisions for trying a table out ("试算"). Evaluation is
 * the engine's `evaluateDecision`, the same code business rule tasks run, on the stored version asked for.
 */
import { evaluateDecision, toJson, type DmnDecision, type DmnModel } from '@zhifa/engine';
import { invalidInput, notFound } from '../http/api-error.js';
import type { DecisionDefinitionStore, StoredDecisionDefinition } from './decision-definition.store.js';
import { DecisionEvaluationError } from './decision.errors.js';
import { DecisionModels, describeDefinition, topDecision } from './decision-models.js';
import type { DecisionDefinition, DecisionEvaluation } from '@zhifa/api-types';

interface Resolved {
  readonly definition: StoredDecisionDefinition;
  readonly model: DmnModel;
  readonly decision: DmnDecision;
}

export class DecisionsService {
  private readonly models = new DecisionModels();

  constructor(private readonly store: DecisionDefinitionStore) {}

  /** Every version, newest first per key; `key` matches the definitions id or the id of a decision in it. */
  async list(key?: string): Promise<DecisionDefinition[]> {
    const rows = await this.store.list();
    const described = await Promise.all(rows.map(async (row) => describeDefinition(row, await this.models.parse(row))));
    return key === undefined ? described : described.filter((d) => d.key === key || d.decisions.some((decision) => decision.id === key));
  }

  async get(id: string): Promise<DecisionDefinition> {
    const row = await this.row(id);
    return describeDefinition(row, await this.models.parse(row));
  }

  async xml(id: string): Promise<string> {
    return (await this.row(id)).content;
  }

  /** Evaluates by decision id (or definitions key), the latest version unless `version` is given. */
  async evaluate(key: string, version: number | undefined, variables: Readonly<Record<string, unknown>>): Promise<DecisionEvaluation> {
    const { definition, model, decision } = await this.resolve(key, version);
    const outcome = evaluateDecision(model, decision.id, variables);
    const where = { decisionDefinitionId: definition.id, decisionVersion: definition.version };
    if (!outcome.ok) {
      const input = refusedInput(model, outcome.decisionId, outcome.error);
      throw new DecisionEvaluationError(`decision '${outcome.decisionId}' (version ${definition.version}): ${outcome.error}`, {
        decisionId: outcome.decisionId,
        ...where,
        // An input of the wrong type names every rule of its table: the input is the culprit then.
        ...(input ? { input } : outcome.ruleIds && { ruleIds: outcome.ruleIds }),
      });
    }
    return {
      result: toJson(outcome.result),
      matchedRules: outcome.matchedRules.map((rule) => ({
        decisionId: rule.decisionId,
        tableId: rule.tableId,
        ruleId: rule.ruleId,
        ruleIndex: rule.ruleIndex,
        annotations: rule.annotations,
        outputs: toJson(rule.outputs),
      })),
      decisionVersion: definition.version,
      decisionDefinitionId: definition.id,
      decisionDefinitionKey: definition.key,
      decisionId: decision.id,
      decisionName: decision.name,
      evaluated: toJson(outcome.decisions),
    };
  }

  private async row(id: string): Promise<StoredDecisionDefinition> {
    const row = await this.store.get(id);
    if (!row) throw notFound('decision definition', id);
    return row;
  }

  /**
   * `key` is first a definitions key; otherwise a decision id (or name), found in the newest deployed
   * version that defines it, as business rule tasks find it.
   */
  private async resolve(key: string, version: number | undefined): Promise<Resolved> {
    // One read of every version (a few dozen rows): decision ids live inside the XML, not in a column.
    const rows = await this.store.list();
    const sameKey = rows.filter((row) => row.key === key);
    if (sameKey.length > 0) {
      const definition = pickVersion(sameKey, key, version);
      const model = await this.parsed(definition);
      const decision = topDecision(model);
      if (!decision) throw invalidInput(`'${key}' holds several top-level decisions: evaluate one by its decision id`, { decisions: Object.keys(model.decisions) });
      return { definition, model, decision };
    }
    const newestFirst = [...rows].sort((a, b) => b.deployedAt.localeCompare(a.deployedAt) || b.version - a.version);
    for (const row of newestFirst) {
      const parsed = await this.models.parse(row);
      if (parsed.type !== 'parsed' || !findDecision(parsed.model, key)) continue;
      const definition = version === undefined ? row : pickVersion(rows.filter((r) => r.key === row.key), key, version);
      const model = await this.parsed(definition);
      const decision = findDecision(model, key);
      if (!decision) throw notFound('decision', `${key}@${definition.version}`);
      return { definition, model, decision };
    }
    throw notFound('decision', key);
  }

  private async parsed(definition: StoredDecisionDefinition): Promise<DmnModel> {
    const parsed = await this.models.parse(definition);
    if (parsed.type === 'invalid') throw new DecisionEvaluationError(`decision definition '${definition.key}' version ${definition.version} no longer parses: ${parsed.problem}`, {
      decisionId: definition.key,
      decisionDefinitionId: definition.id,
      decisionVersion: definition.version,
    });
    return parsed.model;
  }
}

function pickVersion(rows: readonly StoredDecisionDefinition[], key: string, version: number | undefined): StoredDecisionDefinition {
  // Rows come newest version first.
  const row = version === undefined ? rows[0] : rows.find((r) => r.version === version);
  if (!row) throw notFound('decision', version === undefined ? key : `${key}@${version}`);
  return row;
}

function findDecision(model: DmnModel, idOrName: string): DmnDecision | undefined {
  return model.decisions[idOrName] ?? model.decisions[model.decisionIdsByName[idOrName] ?? ''];
}

/** The engine names a refused input in its message (`input '<label>' must be a …`); find its column. */
function refusedInput(model: DmnModel, decisionId: string, message: string): { id: string; name: string } | undefined {
  const match = /^input( data)? '(.+?)' (?:must be|is )/.exec(message);
  const name = match?.[2];
  if (name === undefined) return undefined;
  if (match?.[1]) {
    const data = Object.values(model.inputData).find((input) => input.name === name);
    return data && { id: data.id, name };
  }
  const logic = model.decisions[decisionId]?.logic;
  const column = logic?.type === 'decisionTable' ? logic.inputs.find((input) => (input.label ?? input.expression) === name) : undefined;
  return column && { id: column.id, name };
}
