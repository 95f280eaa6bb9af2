/**
 * Works the `notify` jobs of the office's processes (a reminder or an escalation modelled in BPMN as a
 * service task): the variables `notifyUsers`, `notifyUnit` / `notifyUnits` and `notifyRole`
 * (`member` | `leader`) name the recipients, `notifyKind` the kind; each gets one in-app notification
 * (unique per job and recipient, so a job run again adds nothing) and the job completes. Run by the
 * server's in-process job runner (locking, retries with backoff, incidents).
 */
import type { JobRecord } from '@zhifa/engine';
import { insertNotification, responsibleUserOf, unitMembers, type PostgresDb, type Sql } from '@zhifa/store-postgres';
import type { InProcessJobHandler } from '../jobs/in-process-job-runner.js';

export const NOTIFY_JOB_TYPE = 'notify';

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');

export class NotifyJobWorker implements InProcessJobHandler {
  readonly type = NOTIFY_JOB_TYPE;

  constructor(private readonly db: PostgresDb) {}

  async handle(job: JobRecord): Promise<void> {
    const kind = strings(job.variables['notifyKind'])[0] ?? 'notice';
    await this.db.transaction(async (tx) => {
      for (const userId of await recipientsOf(tx, job)) {
        await insertNotification(tx, {
          userId, kind, timerId: `job-${job.id}`, instanceId: job.instanceId, payload: { kind, processId: job.processId, elementId: job.elementId },
        });
      }
    });
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
