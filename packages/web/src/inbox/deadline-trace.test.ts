import { describe, expect, it } from 'vitest';
import { civilDate, traceLines } from './deadline-trace.js';

/** What `GET /api/tasks/:id/deadline` answers for 5 working days from 2026-09-29 over 国庆节 with a 调休 Sunday. */
const overNationalDay = {
  taskId: 't-1',
  dueAt: '2026-10-12T01:00:00.000Z',
  provisional: false,
  paused: false,
  steps: [{
    step: 'computed', at: '2026-09-29T01:00:00.000Z', dueAt: '2026-10-12T01:00:00.000Z', provisional: false,
    trace: {
      start: '2026-09-29', rule: 'working-days', days: 5, due: '2026-10-12',
      skipped: [
        { date: '2026-10-01', reason: 'holiday: 国庆节' }, { date: '2026-10-02', reason: 'holiday: 国庆节' },
        { date: '2026-10-03', reason: 'weekend' },
      ],
      makeUpWorkdays: [{ date: '2026-10-11', name: '国庆节' }],
      uncoveredYears: [],
    },
  }],
  timers: [],
};

describe('the due-date trace as tooltip lines', () => {
  it('given a working-day trace, then start, rule, each skipped day with its reason and the 调休 day are told in zh-CN', () => {
    expect(traceLines(overNationalDay)).toEqual([
      '自 2026-09-29 起算（当日不计）：5 个工作日，到期日 2026-10-12',
      '跳过 3 天：',
      '  2026-10-01 法定节假日（国庆节）',
      '  2026-10-02 法定节假日（国庆节）',
      '  2026-10-03 周末',
      '2026-10-11 调休上班（国庆节）',
    ]);
  });

  it('given a provisional calendar-day trace that rolled forward, then the roll and the missing years are told', () => {
    const lines = traceLines({
      provisional: true, paused: false,
      steps: [{ step: 'computed', at: '2027-12-01T00:00:00Z', provisional: true, trace: {
        start: '2027-12-01', rule: 'calendar-days', days: 30, due: '2028-01-03', rolledForwardFrom: '2027-12-31',
        skipped: [{ date: '2028-01-01', reason: 'weekend' }, { date: '2028-01-02', reason: 'weekend' }], makeUpWorkdays: [], uncoveredYears: [2028],
      } }],
    });
    expect(lines[0]).toBe('自 2027-12-01 起算（当日不计）：30 个自然日，到期日 2028-01-03');
    expect(lines).toContain('末日 2027-12-31 非工作日，顺延至下一个工作日');
    expect(lines).toContain('暂定：2028 年节假日尚未导入，导入后重新计算');
  });

  it('given many skipped days, then the list is cut with how many more', () => {
    const skipped = Array.from({ length: 20 }, (_, i) => ({ date: `2026-01-${String(i + 1).padStart(2, '0')}`, reason: 'weekend' }));
    const lines = traceLines({ steps: [{ step: 'computed', at: '2026-01-01', trace: { start: '2026-01-01', rule: 'working-days', days: 1, due: '2026-01-22', skipped, makeUpWorkdays: [], uncoveredYears: [] } }] }, 5);
    expect(lines.filter((l) => l.startsWith('  2026-'))).toHaveLength(5);
    expect(lines).toContain('  …… 另有 15 天');
  });

  it('given adjustments, then pause and extension follow the computation with their reasons', () => {
    const lines = traceLines({
      paused: true,
      steps: [
        { step: 'given', at: '2026-03-02T00:00:00Z', dueAt: '2026-03-10T00:00:00Z' },
        { step: 'extend', at: '2026-03-05T02:00:00Z', reason: '补充材料', dueAt: '2026-03-20T00:00:00Z' },
        { step: 'pause', at: '2026-03-06T02:00:00Z', reason: '等待鉴定' },
      ],
    });
    expect(lines).toEqual(['到期日由流程设定：2026-03-10', '2026-03-05 延期：补充材料，到期日 2026-03-20', '2026-03-06 暂停计时：等待鉴定', '期限已暂停计时。']);
  });

  it('gives no lines for a deadline without steps or an unknown shape', () => {
    expect(traceLines({ steps: [] })).toEqual([]);
    expect(traceLines('nonsense')).toEqual([]);
    expect(civilDate('2026-10-31T16:30:00Z')).toBe('2026-11-01');
  });
});
