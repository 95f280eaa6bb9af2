/**
 * Deployed DMN decisions for business rule tasks. The kernel only sees a synchronous `DecisionResolver`;
 * this registry builds one from parsed DMN models (the newest model wins when two define the same id).
 */
import { evaluateDecision } from '../dmn/evaluate.js';
import { parseDmn } from '../dmn/parse.js';
import type { DmnModel } from '../dmn/model.js';
import { toJson } from '../json.js';
import type { DecisionResolver } from '../kernel/types.js';

export class DecisionRegistry {
  private readonly models: DmnModel[] = [];

  /** Parses and adds a DMN document (throws DeployError on a bad model). */
  async deploy(xml: string): Promise<DmnModel> {
    const model = await parseDmn(xml);
    this.add(model);
    return model;
  }

  add(model: DmnModel): void {
    this.models.push(model);
  }

  /** The resolver to pass as `EngineDeps.decisions`. */
  readonly resolve: DecisionResolver = (decisionId, variables) => {
    for (let i = this.models.length - 1; i >= 0; i--) {
      const model = this.models[i];
      if (!model || !(decisionId in model.decisions || decisionId in model.decisionIdsByName)) continue;
      const r = evaluateDecision(model, decisionId, variables);
      if (!r.ok) return { ok: false, error: r.error, ruleIds: r.ruleIds };
      return { ok: true, result: toJson(r.result) };
    }
    return { ok: false, error: `no deployed decision '${decisionId}'` };
  };
}
