/**
 * Issues the 一案一码 when a case reaches a service task of job type `issue-case-code` (marked `zhifa:caseCode`
 * in the model): the steps passed, the decision summary and the discretion benchmark applied (from the
 * `decision.evaluated` history entry of the business rule task) go on the public page, and the job completes
 * with `caseCodeId` / `caseCodeUrl`. Runs in-process off the engine's post-commit effects; jobs left open by a
 * crash are picked up again by `recover()` at start. Issuing is idempotent per instance.
 */
import type { CompiledProcess, EffectListener, EngineApi, HistoryRecord, InstanceStore, JsonObject } from '@zhifa/engine';
import type { Logger } from 'pino';
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
  readonly engine: EngineApi;
  readonly store: InstanceStore;
  readonly modelOf: (definitionId: string) => Promise<CompiledProcess>;
  /** Read when a code is issued (the listening port is known only once the server listens). */
  readonly publicBaseUrl: () => string;
  readonly logger: Logger;
}

export class CaseCodeJobWorker implements EffectListener {
  private deps: CaseCodeWorkerDeps | undefined;

  /** The worker is made before the engine (it listens to it) and bound once the feature exists. */
  bind(deps: CaseCodeWorkerDeps): void {
    this.deps = deps;
  }

  async onEffect(effect: JsonObject, instanceId: string | undefined): Promise<void> {
    // Not bound yet (the engine re-dispatching at boot): `recover()` takes these jobs up right after.
    if (!this.deps || effect['type'] !== 'job.created' || effect['jobType'] !== CASE_CODE_JOB_TYPE || instanceId === undefined) return;
    const jobId = effect['jobId'];
    if (typeof jobId === 'string') await this.handleLogged(jobId, instanceId);
  }

  /** Issues codes for jobs created while no worker listened (a crash between commit and dispatch). */
  async recover(): Promise<void> {
    if (!this.deps) return;
    for (const job of await this.deps.store.listJobs({ type: CASE_CODE_JOB_TYPE, limit: 1000 })) await this.handleLogged(job.id, job.instanceId);
  }

  private async handleLogged(jobId: string, instanceId: string): Promise<void> {
    try {
      await this.handle(jobId, instanceId);
    } catch (error) {
      // The job stays open (visible in GET /api/jobs) and is retried by recover(); fail it only on bad input.
      this.deps?.logger.error({ err: error, jobId, instanceId }, 'could not issue the case code');
    }
  }

  async handle(jobId: string, instanceId: string): Promise<void> {
    const deps = this.deps;
    if (!deps) throw new Error('the case-code worker is not bound');
    const job = (await deps.store.listJobs({ type: CASE_CODE_JOB_TYPE, instanceId })).find((j) => j.id === jobId);
    if (!job) return; // completed or cancelled meanwhile
    const instance = await deps.store.findInstance(instanceId);
    if (!instance) return;
    const model = await deps.modelOf(instance.definitionId);
    const history = await deps.store.listHistory(instanceId);
    const variables = job.variables;
    const { record, token } = await deps.service.issue({
      instanceId,
      processName: model.name ?? model.id,
      decisionSummary: textOf(variables['decisionSummary']) ?? textOf(variables['decisionText']) ?? model.name ?? model.id,
      steps: stepsOf(model, history),
      benchmark: benchmarkOf(history),
      personalNames: PERSON_VARIABLES.map((name) => textOf(variables[name])).filter((v): v is string => v !== undefined),
    });
    await deps.engine.completeJob(jobId, { caseCodeId: record.id, caseCodeUrl: caseCodeUrl(deps.publicBaseUrl(), token) });
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
