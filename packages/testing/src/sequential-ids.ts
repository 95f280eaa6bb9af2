/** Predictable ids for tests: `<prefix>1`, `<prefix>2`, ... (no `:`, as BullMQ job ids require). */
import type { IdGenerator } from '@zhifa/engine';

export class SequentialIdGenerator implements IdGenerator {
  private counter = 0;

  constructor(private readonly prefix = 'id') {}

  newId(): string {
    this.counter += 1;
    return `${this.prefix}${this.counter}`;
  }
}
