import { maskText } from './masking.js';
import type { CaseCodeJson, CaseCodeRecord } from './case-code.types.js';

/** What the public page may show about a decision: every text masked, dates in China time. */
export interface PublicCaseView {
  readonly processName: string;
  readonly decisionSummary: string;
  readonly steps: readonly { readonly activityName: string; readonly completedOn: string }[];
  readonly benchmark: {
    readonly tableName: string;
    readonly version: number;
    /** 1-based row number as people count rows in the table. */
    readonly row: number;
    readonly ruleId: string;
    readonly legalBasis: string | null;
    readonly outputs: readonly (readonly [string, string])[];
  } | null;
  readonly issuedOn: string;
}

const CHINA_DATE = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** 2026-11-26T17:00:00Z → 2026年11月27日 (the date in China, where the step happened). */
export function chinaDate(iso: string): string {
  return CHINA_DATE.format(new Date(iso));
}

/** Builds the public view of a record. The only way the page gets its data, so nothing unmasked can reach it. */
export function toPublicCaseView(record: CaseCodeRecord): PublicCaseView {
  const mask = (text: string): string => maskText(text, { names: record.personalNames });
  const b = record.benchmark;
  return {
    processName: mask(record.processName),
    decisionSummary: mask(record.decisionSummary),
    steps: record.steps.map((step) => ({ activityName: mask(step.activityName), completedOn: chinaDate(step.completedAt) })),
    benchmark:
      b === null
        ? null
        : {
            tableName: mask(b.tableName),
            version: b.version,
            row: b.ruleIndex + 1,
            ruleId: mask(b.ruleId),
            legalBasis: b.legalBasis === null ? null : mask(b.legalBasis),
            outputs: Object.entries(b.outputs).map(([name, value]) => [mask(name), mask(displayValue(value))] as const),
          },
    issuedOn: chinaDate(record.issuedAt),
  };
}

function displayValue(value: CaseCodeJson): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '—';
  return JSON.stringify(value);
}
