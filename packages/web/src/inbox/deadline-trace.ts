import { t } from '../i18n/i18n.js';

/**
 * The due-date trace of `GET /api/tasks/:id/deadline` as lines of a tooltip: where the count started, the rule
 * (5 个工作日, 30 个自然日), the days skipped and why (weekend, holiday, 调休), adjustments, the provisional flag.
 * Unknown shapes give no lines rather than a wrong story.
 */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A civil date (Beijing time) of an instant; civil dates pass through. */
export function civilDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(date);
}

function reasonText(reason: string): string {
  if (reason === 'weekend') return t('trace.weekend');
  const holiday = /^holiday:\s*(.*)$/.exec(reason);
  return holiday ? t('trace.holiday', { name: holiday[1] ?? '' }) : reason;
}

function ruleText(trace: unknown): string {
  const days = field(trace, 'days');
  const n = typeof days === 'number' ? days : 0;
  return field(trace, 'rule') === 'calendar-days' ? t('trace.calendarDays', { days: n }) : t('trace.workingDays', { days: n });
}

function computedLines(trace: unknown, maxSkipped: number): string[] {
  const start = text(field(trace, 'start')) ?? '';
  const due = text(field(trace, 'due')) ?? '';
  const lines = [t('trace.computed', { start, rule: ruleText(trace), due })];
  const skipped = list(field(trace, 'skipped')).flatMap((day) => {
    const date = text(field(day, 'date'));
    return date ? [`${date} ${reasonText(text(field(day, 'reason')) ?? '')}`] : [];
  });
  if (skipped.length === 0) lines.push(t('trace.noneSkipped'));
  else {
    lines.push(t('trace.skipped', { count: skipped.length }), ...skipped.slice(0, maxSkipped).map((s) => `  ${s}`));
    if (skipped.length > maxSkipped) lines.push(`  ${t('trace.more', { count: skipped.length - maxSkipped })}`);
  }
  for (const day of list(field(trace, 'makeUpWorkdays'))) {
    const date = text(field(day, 'date'));
    if (date) lines.push(t('trace.makeUp', { date, name: text(field(day, 'name')) ?? '' }));
  }
  const rolled = text(field(trace, 'rolledForwardFrom'));
  if (rolled) lines.push(t('trace.rolled', { from: rolled }));
  const uncovered = list(field(trace, 'uncoveredYears')).filter((y) => typeof y === 'number');
  if (uncovered.length > 0) lines.push(t('trace.provisional', { years: uncovered.join('、') }));
  return lines;
}

function stepLines(step: unknown, maxSkipped: number): string[] {
  const trace = field(step, 'trace');
  const at = civilDate(text(field(step, 'at')) ?? '');
  const reason = text(field(step, 'reason')) ?? '';
  const dueAt = text(field(step, 'dueAt'));
  const due = text(field(trace, 'due')) ?? (dueAt ? civilDate(dueAt) : '—');
  switch (field(step, 'step')) {
    case 'computed': return trace === undefined ? [] : computedLines(trace, maxSkipped);
    case 'given': return [t('trace.given', { due })];
    case 'pause': return [t('trace.pause', { at, reason })];
    case 'resume': return [t('trace.resume', { at, reason, due })];
    case 'extend': return [t('trace.extend', { at, reason, due }), ...(trace === undefined ? [] : computedLines(trace, maxSkipped).slice(1))];
    default: return [];
  }
}

/** Lines of the tooltip for the deadline view of one task; empty when it carries no trace. */
export function traceLines(view: unknown, maxSkipped = 12): string[] {
  const lines = list(field(view, 'steps')).flatMap((step) => stepLines(step, maxSkipped));
  if (lines.length === 0) return [];
  const steps = list(field(view, 'steps'));
  const yearsNamed = steps.some((step) => list(field(field(step, 'trace'), 'uncoveredYears')).length > 0);
  if (field(view, 'provisional') === true && !yearsNamed) lines.push(t('trace.provisionalUnknown'));
  if (field(view, 'paused') === true) lines.push(t('trace.paused'));
  return lines;
}
