import type { DefinitionRecord, DefinitionRepository, StoreTransaction } from '@zhifa/engine';

/**
 * Definitions never change once stored, so reads by id are cached. Besides saving a query per command this
 * matters for the pool: the engine reads the definition while its transaction holds a connection, and
 * under load every pooled connection could be held by a transaction waiting for one more (a deadlock
 * seen with 50 concurrent completions on a pool of 20).
 */
export class CachedDefinitionRepository implements DefinitionRepository {
  private readonly byId = new Map<string, DefinitionRecord>();

  constructor(private readonly inner: DefinitionRepository) {}

  async insert(tx: StoreTransaction, definition: Omit<DefinitionRecord, 'version'>): Promise<DefinitionRecord> {
    // Not cached here: the deploy transaction may still roll back.
    return this.inner.insert(tx, definition);
  }

  async get(definitionId: string): Promise<DefinitionRecord | undefined> {
    const cached = this.byId.get(definitionId);
    if (cached) return cached;
    const loaded = await this.inner.get(definitionId);
    if (loaded) this.byId.set(definitionId, loaded);
    return loaded;
  }

  latest(processId: string): Promise<DefinitionRecord | undefined> {
    return this.inner.latest(processId);
  }

  list(filter?: { readonly processId?: string }): Promise<readonly DefinitionRecord[]> {
    return this.inner.list(filter);
  }
}
