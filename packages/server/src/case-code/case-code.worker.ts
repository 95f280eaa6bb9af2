/**
 * Issues the 一案一码 when a case reaches a service task of job type `issue-case-code` (marked `zhifa:caseCode`
 * in the model): the steps passed, the decision summary and the discretion benchmark applied (from the
 * `decision.evaluated` history entry of the business rule task) go on the public page, and the job completes
 * with `caseCodeId` / `caseCodeUrl`. Run by the server's in-process job runner (locking, retries with
 * backoff, incidents). Issuing is idempotent per instance.
 */
import type { CompiledProcess, HistoryRecord, InstanceStore, JobRecord, JsonObject } from '@zhifa/engine';
import type { InProcessJobHandler } from '../jobs/in-process-job-runner.js';
import type { AppliedBenchmark, CaseStep } from './case-code.types.js';
import type { CaseCodeService } from './case-code.service.js';
import { caseCodeUrl } from './qr.js';

export const CASE_CODE_JOB_TYPE = 'issue-case-code';

/** Task types whose completion is a step a citizen may see on the public page. */
const VISIBLE_STEP_TYPES: ReadonlySet<string> = new Set(['userTask', 'businessRuleTask', 'serviceTask', 'callActivity', 'subProcess']);

/** Variables whose values name people; masked on the public page. */
const PERSON_VARIABLES = ['partyName', 'party', 'handlerName', 'applicantName', 'officerName'];

export interface CaseCodeWorkerDeps {
  readonly service: CaseCodeService;
  readonly store: InstanceStore;
  readonly modelOf: (definitionId: string) => Promise<CompiledProcess>;
  /** Read when a code is issued (the listening port is known only once the server listens). */
  readonly publicBaseUrl: () => string;
}

export class CaseCodeJobWorker implements InProcessJobHandler {
  readonly type = CASE_CODE_JOB_TYPE;

  constructor(private readonly deps: CaseCodeWorkerDeps) {}

  async handle(job: JobRecord): Promise<JsonObject> {
    const deps = this.deps;
    const instance = await deps.store.findInstance(job.instanceId);
    if (!instance) throw new Error(`instance '${job.instanceId}' not found`);
    const model = await deps.modelOf(instance.definitionId);
    const history = await deps.store.listHistory(job.instanceId);
    const variables = job.variables;
    const { record, token } = await deps.service.issue({
      instanceId: job.instanceId,
      processName: model.name ?? model.id,
      decisionSummary: textOf(variables['decisionSummary']) ?? textOf(variables['decisionText']) ?? model.name ?? model.id,
      steps: stepsOf(model, history),
      benchmark: benchmarkOf(history),
      personalNames: PERSON_VARIABLES.map((name) => textOf(variables[name])).filter((v): v is string => v !== undefined),
    });
    return { caseCodeId: record.id, caseCodeUrl: caseCodeUrl(deps.publicBaseUrl(), token) };
  }
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function nameOf(model: CompiledProcess, elementId: string): string | undefined {
  const name = model.nodes[elementId]?.name;
  return name?.kind === 'literal' ? name.value : undefined;
}

export function stepsOf(model: CompiledProcess, history: readonly HistoryRecord[]): CaseStep[] {
  return history
    .filter((h) => h.type === 'element.completed' && h.elementId !== undefined && VISIBLE_STEP_TYPES.has(model.nodes[h.elementId]?.type ?? ''))
    .map((h) => ({ activityName: nameOf(model, h.elementId ?? '') ?? h.elementId ?? '', completedAt: h.at }));
}

/** The last decision a business rule task applied, as the public page shows it. */
export function benchmarkOf(history: readonly HistoryRecord[]): AppliedBenchmark | null {
  const entry = [...history].reverse().find((h) => h.type === 'decision.evaluated');
  const applied = entry?.data['applied'];
  if (!applied || typeof applied !== 'object' || Array.isArray(applied)) return null;
  const rules = applied['matchedRules'];
  const rule = Array.isArray(rules) ? rules[0] : undefined;
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return null;
  const annotations = rule['annotations'];
  const legalBasis = annotations && typeof annotations === 'object' && !Array.isArray(annotations) ? textOf(annotations['legalBasis']) : undefined;
  const outputs = rule['outputs'];
  return {
    tableName: textOf(applied['decisionName']) ?? String(applied['decisionId'] ?? ''),
    decisionId: String(applied['decisionId'] ?? ''),
    version: typeof applied['version'] === 'number' ? applied['version'] : 0,
    ruleId: String(rule['ruleId'] ?? ''),
    ruleIndex: typeof rule['ruleIndex'] === 'number' ? rule['ruleIndex'] : 0,
    legalBasis: legalBasis ?? null,
    outputs: outputs && typeof outputs === 'object' && !Array.isArray(outputs) ? outputs : {},
  };
}
