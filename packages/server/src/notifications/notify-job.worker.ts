/**
 * Works the `notify` jobs of the office's processes in-process (a reminder or an escalation modelled in
 * BPMN as a service task): the variables `notifyUsers`, `notifyUnit` / `notifyUnits` and `notifyRole`
 * (`member` | `leader`) name the recipients, `notifyKind` the kind; each gets one in-app notification
 * (unique per job and recipient, so a redelivered effect adds nothing) and the job completes. Jobs left
 * open by a crash are taken up again by `recover()` at start.
 */
import type { EffectListener, EngineApi, InstanceStore, JobRecord, JsonObject } from '@zhifa/engine';
import { insertNotification, responsibleUserOf, unitMembers, type PostgresDb, type Sql } from '@zhifa/store-postgres';
import type { Logger } from 'pino';

export const NOTIFY_JOB_TYPE = 'notify';

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');

export class NotifyJobWorker implements EffectListener {
  private deps: { readonly engine: EngineApi; readonly store: InstanceStore } | undefined;

  constructor(
    private readonly db: PostgresDb,
    private readonly logger: Logger,
  ) {}

  /** Made before the engine (it listens to it), bound once the engine exists. */
  bind(engine: EngineApi, store: InstanceStore): void {
    this.deps = { engine, store };
  }

  async onEffect(effect: JsonObject, instanceId: string | undefined): Promise<void> {
    // Not bound yet (the engine re-dispatching at boot): `recover()` takes these jobs up right after.
    if (!this.deps || effect['type'] !== 'job.created' || effect['jobType'] !== NOTIFY_JOB_TYPE || instanceId === undefined) return;
    const jobId = effect['jobId'];
    if (typeof jobId === 'string') await this.handleLogged(jobId, instanceId);
  }

  async recover(): Promise<void> {
    if (!this.deps) return;
    for (const job of await this.deps.store.listJobs({ type: NOTIFY_JOB_TYPE, limit: 1000 })) await this.handleLogged(job.id, job.instanceId);
  }

  private async handleLogged(jobId: string, instanceId: string): Promise<void> {
    // A busy instance (many parallel branches firing timers) can outrun the engine's own conflict retries:
    // back off and try again; the notifications are idempotent, the job completes once.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.handle(jobId, instanceId);
        return;
      } catch (error) {
        const conflict = error instanceof Error && Reflect.get(error, 'code') === 'VERSION_CONFLICT';
        if (conflict && attempt < 8) {
          await new Promise((resolve) => setTimeout(resolve, 25 * attempt + Math.random() * 50));
          continue;
        }
        this.logger.error({ err: error, jobId, instanceId }, 'notify job not done; it stays open and is retried at the next start');
        return;
      }
    }
  }

  async handle(jobId: string, instanceId: string): Promise<void> {
    const deps = this.deps;
    if (!deps) throw new Error('the notify worker is not bound');
    const job = (await deps.store.listJobs({ type: NOTIFY_JOB_TYPE, instanceId })).find((j) => j.id === jobId);
    if (!job) return;
    const kind = strings(job.variables['notifyKind'])[0] ?? 'notice';
    await this.db.transaction(async (tx) => {
      for (const userId of await recipientsOf(tx, job)) {
        await insertNotification(tx, {
          userId, kind, timerId: `job-${job.id}`, instanceId, payload: { kind, processId: job.processId, elementId: job.elementId },
        });
      }
    });
    await deps.engine.completeJob(jobId, {});
  }
}

async function recipientsOf(tx: Sql, job: JobRecord): Promise<string[]> {
  const v = job.variables;
  const leadersOnly = v['notifyRole'] === 'leader';
  const recipients = new Set(strings(v['notifyUsers']));
  for (const unit of [...strings(v['notifyUnit']), ...strings(v['notifyUnits'])]) {
    if (leadersOnly) {
      const leader = await responsibleUserOf(tx, unit);
      if (leader) recipients.add(leader);
    } else {
      for (const member of await unitMembers(tx, unit)) recipients.add(member.id);
    }
  }
  return [...recipients];
}
