/**
 * Deployed DMN decisions for business rule tasks. The kernel only sees a synchronous `DecisionResolver`;
 * this registry builds one from parsed DMN models (the newest model wins when two define the same id).
 */
import { evaluateDecision } from '../dmn/evaluate.js';
import { parseDmn } from '../dmn/parse.js';
import type { DmnModel } from '../dmn/model.js';
import { toJson } from '../json.js';
import type { AppliedDecision, DecisionResolver } from '../kernel/types.js';
import { isJsonObject, type JsonObject } from '../json.js';

/** Where a DMN model came from: the stored decision definition and its version. */
export interface DecisionSource {
  readonly definitionId?: string;
  readonly version?: number;
}

interface Deployed {
  readonly model: DmnModel;
  readonly source: DecisionSource;
}

const jsonObject = (value: unknown): JsonObject => {
  const json = toJson(value);
  return isJsonObject(json) ? json : {};
};

export class DecisionRegistry {
  private readonly models: Deployed[] = [];

  /** Parses and adds a DMN document (throws DeployError on a bad model). */
  async deploy(xml: string, source: DecisionSource = {}): Promise<DmnModel> {
    const model = await parseDmn(xml);
    this.add(model, source);
    return model;
  }

  add(model: DmnModel, source: DecisionSource = {}): void {
    this.models.push({ model, source });
  }

  /** The resolver to pass as `EngineDeps.decisions`. */
  readonly resolve: DecisionResolver = (decisionId, variables) => {
    for (let i = this.models.length - 1; i >= 0; i--) {
      const deployed = this.models[i];
      const model = deployed?.model;
      if (!deployed || !model || !(decisionId in model.decisions || decisionId in model.decisionIdsByName)) continue;
      const r = evaluateDecision(model, decisionId, variables);
      if (!r.ok) return { ok: false, error: r.error, ruleIds: r.ruleIds };
      const called = r.decisions[r.decisions.length - 1];
      const applied: AppliedDecision = {
        decisionId: called?.decisionId ?? decisionId,
        ...(called?.decisionName !== undefined && { decisionName: called.decisionName }),
        ...(deployed.source.definitionId !== undefined && { definitionId: deployed.source.definitionId }),
        ...(deployed.source.version !== undefined && { version: deployed.source.version }),
        inputs: jsonObject(called?.inputs ?? {}),
        matchedRules: r.matchedRules.map((m) => ({
          decisionId: m.decisionId,
          ruleId: m.ruleId,
          ruleIndex: m.ruleIndex,
          annotations: { ...m.annotations },
          outputs: jsonObject(m.outputs),
        })),
      };
      return { ok: true, result: toJson(r.result), applied };
    }
    return { ok: false, error: `no deployed decision '${decisionId}'` };
  };
}
