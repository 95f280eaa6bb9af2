import { createHash } from 'node:crypto';
import type { Clock, EffectListener, JsonObject } from '@zhifa/engine';
import { addInstanceCc, insertNotification, unitMembers, type PostgresDb } from '@zhifa/store-postgres';
import type { Logger } from 'pino';

/** The engine's `notification.requested` effect as this listener reads it. */
interface NotificationRequest {
  readonly kind: string;
  readonly by?: string;
  readonly userIds: readonly string[];
  readonly unitIds: readonly string[];
  readonly taskId?: string;
  readonly message?: string;
}

/**
 * 抄送 / 催办 → in-app notifications for the named users and the members of the named units, and for a cc the
 * instance's cc rows (view `cc` and instance visibility read them). Runs after commit; a redelivered effect
 * (outbox recovery) inserts nothing twice: each row is keyed by (effect, recipient) through the
 * notification's unique (timer_id, kind, user_id), with `timer_id` = `effect:<digest>`. The digest covers the
 * effect and the id of the instance's latest audit entry of that operation, so a second cc of the same people
 * is a new effect while a replay of the first is not.
 */
export class InboxNotificationListener implements EffectListener {
  constructor(
    private readonly db: PostgresDb,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async onEffect(effect: JsonObject, instanceId: string | undefined): Promise<void> {
    const request = asRequest(effect);
    if (!request || instanceId === undefined) return;
    try {
      await this.deliver(request, instanceId, effect);
    } catch (error) {
      this.logger.warn({ err: error, instanceId, kind: request.kind }, 'inbox notifications not written');
    }
  }

  private async deliver(request: NotificationRequest, instanceId: string, effect: JsonObject): Promise<void> {
    const at = this.clock.now().toISOString();
    if (request.kind === 'cc') {
      await addInstanceCc(this.db, instanceId, { userIds: request.userIds, unitIds: request.unitIds, ...(request.by !== undefined && { by: request.by }), at });
    }
    const recipients = new Set(request.userIds);
    for (const unitId of request.unitIds) for (const member of await unitMembers(this.db, unitId)) recipients.add(member.id);
    if (request.by !== undefined) recipients.delete(request.by);
    const key = `effect:${await this.digest(instanceId, request.kind, effect)}`;
    for (const userId of recipients) {
      await insertNotification(this.db, {
        userId,
        kind: request.kind,
        timerId: key,
        instanceId,
        ...(request.taskId !== undefined && { taskId: request.taskId }),
        payload: {
          ...(request.by !== undefined && { by: request.by }),
          ...(request.message !== undefined && { message: request.message }),
        },
        at,
      });
    }
  }

  private async digest(instanceId: string, kind: string, effect: JsonObject): Promise<string> {
    const [latest] = await this.db.query<{ id: string }>(
      `SELECT id FROM history WHERE instance_id = $1 AND data->>'operation' = $2 ORDER BY seq DESC LIMIT 1`,
      [instanceId, kind],
    );
    return createHash('sha256').update(instanceId).update('\0').update(latest?.id ?? '').update('\0').update(JSON.stringify(effect)).digest('hex').slice(0, 40);
  }
}

function asRequest(effect: JsonObject): NotificationRequest | undefined {
  if (effect['type'] !== 'notification.requested') return undefined;
  const kind = effect['kind'];
  if (typeof kind !== 'string') return undefined;
  const by = effect['by'];
  const taskId = effect['taskId'];
  const message = effect['message'];
  return {
    kind,
    userIds: strings(effect['userIds']),
    unitIds: strings(effect['unitIds']),
    ...(typeof by === 'string' && { by }),
    ...(typeof taskId === 'string' && { taskId }),
    ...(typeof message === 'string' && { message }),
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
