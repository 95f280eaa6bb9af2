import type { EffectListener, JsonObject } from '@zhifa/engine';
import type { Logger } from 'pino';
import type { DeadlineService } from './deadline.service.js';

/**
 * Engine effects → deadline timers: a created or updated task is (re)planned, a completed or cancelled one
 * loses its pending reminders. Runs after commit; a failure is logged, never thrown into the command that
 * caused it (the task stays correct, and the start-up sweep and firing-time checks cover the gap).
 * Created before the engine (the engine takes its listeners), bound to the service once that exists.
 */
export class DeadlineEffectListener implements EffectListener {
  private service: DeadlineService | undefined;

  constructor(private readonly logger: Logger) {}

  bind(service: DeadlineService): void {
    this.service = service;
  }

  async onEffect(effect: JsonObject): Promise<void> {
    const service = this.service;
    const taskId = effect['taskId'];
    if (!service || typeof taskId !== 'string') return;
    try {
      switch (effect['type']) {
        case 'task.created':
        case 'task.updated':
          // Inside the engine's command: its own due-date correction must not wait for an engine slot.
          await service.syncTask(taskId, { deferDueUpdate: true });
          break;
        case 'task.completed':
        case 'task.cancelled':
          await service.cancelTask(taskId);
          break;
        default:
          break;
      }
    } catch (error) {
      this.logger.warn({ err: error, taskId, effect: effect['type'] }, 'deadline timers not updated; repaired at the next start');
    }
  }
}
