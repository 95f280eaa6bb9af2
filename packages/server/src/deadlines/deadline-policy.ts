import { compileBpmn, parseIsoDuration, type CompiledDefinitions } from '@zhifa/engine';
import { getProcessDefinition, type Sql } from '@zhifa/store-postgres';

/** `zhifa:deadline` of one user task, as the model states it. */
export interface DeadlinePolicy {
  /** A literal ISO 8601 duration (`P5D`); undefined when the model gives an expression (the engine evaluated it). */
  readonly duration?: string;
  readonly calendar: 'calendar' | 'working';
  readonly reminders: readonly { readonly before?: string; readonly every?: string }[];
  readonly escalations: readonly { readonly after?: string; readonly to?: string }[];
}

/**
 * Reads deadline policies from deployed definitions. The task table keeps no policy, so it comes from the
 * model; compiled once per definition version (versions never change).
 */
export class DeadlinePolicies {
  private readonly compiled = new Map<string, Promise<CompiledDefinitions | undefined>>();

  constructor(private readonly sql: Sql) {}

  async of(task: { readonly definitionId: string; readonly processId: string; readonly activityId: string }): Promise<DeadlinePolicy | undefined> {
    const definitions = await this.definitions(task.definitionId);
    const node = definitions?.byId[task.processId]?.nodes[task.activityId];
    const deadline = node?.deadline;
    if (!deadline) return undefined;
    return {
      ...(isLiteralDuration(deadline.duration) && { duration: deadline.duration }),
      calendar: deadline.calendar,
      reminders: deadline.reminders,
      escalations: deadline.escalations,
    };
  }

  private definitions(definitionId: string): Promise<CompiledDefinitions | undefined> {
    let found = this.compiled.get(definitionId);
    if (!found) {
      found = getProcessDefinition(this.sql, definitionId).then((d) => (d ? compileBpmn(d.xml) : undefined));
      // A failed read is not cached: the next task retries it.
      found.catch(() => this.compiled.delete(definitionId));
      this.compiled.set(definitionId, found);
    }
    return found;
  }
}

function isLiteralDuration(text: string): boolean {
  try {
    parseIsoDuration(text);
    return true;
  } catch {
    return false;
  }
}
