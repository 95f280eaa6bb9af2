/** Loads a corpus directory and runs every case (one fresh engine per case). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCase, type CaseResult, type ConformanceCase } from './bpmn-case-runner.js';

export interface CorpusResult {
  readonly id: string;
  readonly result: CaseResult;
}

export async function loadCases(dir: string): Promise<ConformanceCase[]> {
  const parsed: unknown = JSON.parse(await readFile(join(dir, 'cases.json'), 'utf8'));
  if (!isCorpus(parsed)) throw new Error(`${join(dir, 'cases.json')} is not a bpmn-conformance-cases/1 file`);
  return parsed.cases;
}

function isCorpus(value: unknown): value is { cases: ConformanceCase[] } {
  return typeof value === 'object' && value !== null && 'format' in value && value.format === 'bpmn-conformance-cases/1' && 'cases' in value && Array.isArray(value.cases);
}

export async function runCorpus(dir: string, onResult?: (r: CorpusResult) => void): Promise<CorpusResult[]> {
  const results: CorpusResult[] = [];
  for (const c of await loadCases(dir)) {
    let result: CaseResult;
    try {
      result = await runCase(dir, c);
    } catch (error) {
      result = { ok: false, reason: `crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
    }
    const r = { id: c.id, result };
    results.push(r);
    onResult?.(r);
  }
  return results;
}
