/** Definitions kept in a Map; versions numbered per process id. */
import type { DefinitionRecord, DefinitionRepository, StoreTransaction } from '@zhifa/engine';

export class InMemoryDefinitionRepository implements DefinitionRepository {
  private readonly rows = new Map<string, DefinitionRecord>();

  async insert(_tx: StoreTransaction, definition: Omit<DefinitionRecord, 'version'>): Promise<DefinitionRecord> {
    const latest = await this.latest(definition.processId);
    const row: DefinitionRecord = { ...definition, version: (latest?.version ?? 0) + 1 };
    this.rows.set(row.id, row);
    return row;
  }

  async get(definitionId: string): Promise<DefinitionRecord | undefined> {
    return this.rows.get(definitionId);
  }

  async latest(processId: string): Promise<DefinitionRecord | undefined> {
    let best: DefinitionRecord | undefined;
    for (const row of this.rows.values()) if (row.processId === processId && (!best || row.version > best.version)) best = row;
    return best;
  }

  async list(filter?: { readonly processId?: string }): Promise<readonly DefinitionRecord[]> {
    return [...this.rows.values()].filter((r) => filter?.processId === undefined || r.processId === filter.processId);
  }
}
