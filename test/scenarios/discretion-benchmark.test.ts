/**
 * The discretion benchmark (行政裁量权基准) for food-label violations, 食品安全法 §125, evaluated by the engine's
 * DMN module: one case per 情节 level, a sweep over every combination of the categorical inputs proving the
 * UNIQUE table has no overlap and no gap, the statutory fine bounds and the 行政处罚法 §32/§33 rules as
 * invariants, and wrong inputs reported as failures naming the input.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateDecision, parseDmn, type DecisionEvaluation, type DmnModel } from '@zhifa/engine';

const file = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'processes', 'penalty-discretion-benchmark.dmn');
const DECISION = 'penalty-discretion-benchmark';

const HARM_LEVELS = ['无危害后果', '危害后果轻微', '一般', '严重'] as const;
type HarmLevel = (typeof HARM_LEVELS)[number];
/** Levels from lightest to heaviest. */
const LEVELS = ['不予处罚', '减轻处罚', '从轻处罚', '一般处罚', '从重处罚'] as const;

interface Facts {
  readonly labelDefectOnly: boolean;
  readonly firstOffence: boolean;
  readonly harmLevel: HarmLevel;
  readonly correctedInTime: boolean;
  readonly mitigating: boolean;
  readonly aggravating: boolean;
  readonly goodsValue: number;
}

interface Benchmark {
  readonly level: string;
  readonly fineMin: number;
  readonly fineMax: number;
  readonly measures: string;
}

/** A repeat offender causing ordinary harm, nothing for or against: the plain 一般处罚 case. */
const ORDINARY: Facts = {
  labelDefectOnly: false,
  firstOffence: false,
  harmLevel: '一般',
  correctedInTime: false,
  mitigating: false,
  aggravating: false,
  goodsValue: 3000,
};

let model: DmnModel;
let xml: string;

beforeAll(async () => {
  xml = readFileSync(file, 'utf8');
  model = await parseDmn(xml);
});

function decide(facts: Partial<Facts> | Record<string, unknown>): DecisionEvaluation {
  return evaluateDecision(model, DECISION, { ...ORDINARY, ...facts });
}

/** The single matched row's result and legal basis; fails the test on an incident or no single match. */
function applied(facts: Partial<Facts>): Benchmark & { readonly ruleId: string; readonly legalBasis: string } {
  const evaluation = decide(facts);
  if (!evaluation.ok) throw new Error(`benchmark failed for ${JSON.stringify(facts)}: ${evaluation.error}`);
  expect(evaluation.matchedRules, `rules matched for ${JSON.stringify(facts)}`).toHaveLength(1);
  const [rule] = evaluation.matchedRules;
  return { ...(evaluation.result as Benchmark), ruleId: rule!.ruleId, legalBasis: rule!.annotations['legalBasis'] ?? '' };
}

describe('discretion benchmark: food-label violations (食品安全法 §125)', () => {
  it('is a UNIQUE decision table dmn-js can open (a DMNDI shape for the decision)', () => {
    const decision = model.decisions[DECISION];
    expect(decision?.name).toBe('食品标签违法行政处罚裁量基准');
    expect(decision?.logic.type).toBe('decisionTable');
    if (decision?.logic.type !== 'decisionTable') return;
    expect(decision.logic.hitPolicy).toBe('UNIQUE');
    expect(decision.logic.annotationColumns).toEqual(['legalBasis']);
    expect(xml).toMatch(new RegExp(`<dmndi:DMNShape [^>]*dmnElementRef="${DECISION}"`));
  });

  it('given a first offence with minor harm corrected in time, then no penalty (首违不罚, 行政处罚法 §33)', () => {
    const result = applied({ firstOffence: true, harmLevel: '危害后果轻微', correctedInTime: true });
    expect(result).toMatchObject({ level: '不予处罚', fineMin: 0, fineMax: 0, ruleId: 'minor-harm-first-corrected' });
    expect(result.measures).toContain('教育');
    expect(result.legalBasis).toContain('第三十三条');
  });

  it('given no harm and correction in time, then no penalty whether or not it is a first offence (§33 sentence 1)', () => {
    for (const firstOffence of [true, false]) {
      const result = applied({ firstOffence, harmLevel: '无危害后果', correctedInTime: true, goodsValue: 80_000 });
      expect(result).toMatchObject({ level: '不予处罚', fineMin: 0, fineMax: 0, ruleId: 'no-harm-corrected' });
    }
  });

  it('given minor harm by a repeat offender, then 从轻: the lower 30% of 5,000–50,000 yuan', () => {
    const result = applied({ harmLevel: '危害后果轻微', correctedInTime: true, goodsValue: 9_999.99 });
    expect(result).toMatchObject({ level: '从轻处罚', fineMin: 5_000, fineMax: 18_500 });
    expect(result.measures).toContain('没收违法所得');
    expect(result.legalBasis).toContain('五千元以上五万元以下');
  });

  it('given minor harm and a §32 circumstance (e.g. harm removed on own initiative), then 减轻: below the statutory minimum', () => {
    const result = applied({ harmLevel: '危害后果轻微', mitigating: true, goodsValue: 40_000 });
    expect(result).toMatchObject({ level: '减轻处罚', fineMin: 0, fineMax: 200_000 });
    expect(result.legalBasis).toContain('第三十二条');
  });

  it('given ordinary harm, then 一般: the middle 40%, scaled by goods value from 10,000 yuan up (以上 includes 10,000)', () => {
    expect(applied({})).toMatchObject({ level: '一般处罚', fineMin: 18_500, fineMax: 36_500 });
    expect(applied({ goodsValue: 10_000 })).toMatchObject({ level: '一般处罚', fineMin: 65_000, fineMax: 85_000 });
  });

  it('given serious harm, then 从重 (upper 30% of 5–10 times goods value) with suspension up to licence revocation', () => {
    const result = applied({ harmLevel: '严重', goodsValue: 20_000 });
    expect(result).toMatchObject({ level: '从重处罚', fineMin: 170_000, fineMax: 200_000 });
    expect(result.measures).toContain('责令停产停业，直至吊销许可证');
    expect(result.legalBasis).toContain('情节严重的，责令停产停业，直至吊销许可证');
  });

  it('given an aggravating circumstance (e.g. sold to minors), then 从重 even for a first offence corrected in time', () => {
    const result = applied({ firstOffence: true, harmLevel: '危害后果轻微', correctedInTime: true, aggravating: true });
    expect(result).toMatchObject({ level: '从重处罚', fineMin: 36_500, fineMax: 50_000 });
  });

  it('given serious harm and a §32 circumstance, then the fine is not 从重 but suspension still applies', () => {
    const result = applied({ harmLevel: '严重', mitigating: true });
    expect(result).toMatchObject({ level: '一般处罚', fineMin: 18_500, fineMax: 36_500 });
    expect(result.measures).toContain('责令停产停业');
  });

  it('given only a label flaw (§125 ¶2), then correction only, and at most 2,000 yuan when not corrected', () => {
    const flaw = { labelDefectOnly: true, harmLevel: '无危害后果' } as const;
    expect(applied({ ...flaw, correctedInTime: true })).toMatchObject({ level: '不予处罚', fineMax: 0, measures: '责令改正' });
    const refused = applied({ ...flaw, correctedInTime: false, goodsValue: 500_000 });
    expect(refused).toMatchObject({ level: '一般处罚', fineMin: 0, fineMax: 2_000, ruleId: 'label-flaw-refused' });
    expect(refused.legalBasis).toContain('第一百二十五条第二款');
  });

  it('given a "flaw" that caused harm, then ¶1 applies: a flaw that harms is not a mere flaw', () => {
    expect(applied({ labelDefectOnly: true, harmLevel: '危害后果轻微' })).toMatchObject({ level: '从轻处罚', fineMin: 5_000 });
  });
});

describe('discretion benchmark: wrong inputs are incidents naming the input', () => {
  it.each([
    ['a number for the harm level', { harmLevel: 5 }, /'危害后果' must be a string but is a number/],
    ['an unknown harm level', { harmLevel: '很严重' }, /'危害后果' is "很严重", not one of/],
    ['a string for a boolean', { firstOffence: 'yes' }, /'初次违法' must be a boolean/],
    ['a negative goods value', { goodsValue: -1 }, /'货值金额（元）' is -1, not one of >= 0/],
  ])('given %s, then {ok:false} naming the input', (_, facts, message) => {
    const evaluation = decide(facts);
    expect(evaluation.ok).toBe(false);
    if (evaluation.ok) return;
    expect(evaluation.error).toMatch(message);
    expect(evaluation.decisionId).toBe(DECISION);
  });

  it('given no goods value for a case that needs a fine, then no row applies and the result is null (the form must ask for it)', () => {
    const evaluation = decide({ goodsValue: null });
    expect(evaluation).toMatchObject({ ok: true, result: null, matchedRules: [] });
  });
});

// About 7 ms per evaluation today (the engine parses each FEEL cell per call): allow for a loaded CI machine.
describe('discretion benchmark: sweep over every combination of 情节 × goods values', { timeout: 120_000 }, () => {
  const booleans = [true, false] as const;
  const amounts = [0, 9_999.99, 10_000, 250_000] as const;
  const cases: Facts[] = [];
  for (const labelDefectOnly of booleans)
    for (const firstOffence of booleans)
      for (const harmLevel of HARM_LEVELS)
        for (const correctedInTime of booleans)
          for (const mitigating of booleans)
            for (const aggravating of booleans)
              for (const goodsValue of amounts) cases.push({ labelDefectOnly, firstOffence, harmLevel, correctedInTime, mitigating, aggravating, goodsValue });

  const rank = (level: string): number => LEVELS.findIndex((known) => known === level);
  // The invariants below look at each case and its neighbours; evaluate each combination once.
  const seen = new Map<string, ReturnType<typeof applied>>();
  const outcome = (facts: Facts): ReturnType<typeof applied> => {
    const key = JSON.stringify(facts);
    const known = seen.get(key) ?? applied(facts);
    seen.set(key, known);
    return known;
  };

  it(`matches exactly one annotated row for each of the ${cases.length} cases, and every row is reachable`, () => {
    const reached = new Set<string>();
    for (const facts of cases) {
      const result = outcome(facts);
      reached.add(result.ruleId);
      expect(rank(result.level), JSON.stringify(facts)).toBeGreaterThanOrEqual(0);
      expect(result.legalBasis, result.ruleId).toMatch(/^《中华人民共和国食品安全法》第一百二十五条/);
      expect(result.fineMin, result.ruleId).toBeLessThanOrEqual(result.fineMax);
    }
    const logic = model.decisions[DECISION]?.logic;
    expect(logic?.type === 'decisionTable' ? logic.rules.map((rule) => rule.id).sort() : []).toEqual([...reached].sort());
  });

  it('keeps every fine inside the statutory range of the paragraph that applies', () => {
    for (const facts of cases) {
      const result = outcome(facts);
      const paragraph2 = facts.labelDefectOnly && facts.harmLevel === '无危害后果';
      const legalMin = facts.goodsValue < 10_000 ? 5_000 : facts.goodsValue * 5;
      const legalMax = facts.goodsValue < 10_000 ? 50_000 : facts.goodsValue * 10;
      const where = `${result.ruleId} ${JSON.stringify(facts)}`;
      if (result.level === '不予处罚') expect([result.fineMin, result.fineMax], where).toEqual([0, 0]);
      else if (paragraph2) expect(result.fineMax, where).toBeLessThanOrEqual(2_000);
      else if (result.level === '减轻处罚') expect(result.fineMax, where).toBeLessThanOrEqual(legalMin);
      else {
        expect(result.fineMin, where).toBeGreaterThanOrEqual(legalMin);
        expect(result.fineMax, where).toBeLessThanOrEqual(legalMax);
      }
      expect(result.measures.includes('责令停产停业'), where).toBe(facts.harmLevel === '严重');
    }
  });

  it('applies 行政处罚法 §33 exactly: no penalty if and only if its conditions hold and nothing aggravates', () => {
    for (const facts of cases) {
      const paragraph2 = facts.labelDefectOnly && facts.harmLevel === '无危害后果';
      const slightAndCorrected = facts.harmLevel === '无危害后果' && facts.correctedInTime && !facts.aggravating;
      const firstMinorCorrected = facts.harmLevel === '危害后果轻微' && facts.firstOffence && facts.correctedInTime && !facts.aggravating;
      const exempt = paragraph2 ? facts.correctedInTime : slightAndCorrected || firstMinorCorrected;
      expect(outcome(facts).level === '不予处罚', JSON.stringify(facts)).toBe(exempt);
    }
  });

  it('never goes 从重 with a §32 circumstance, and aggravating never lightens nor mitigating ever worsens the level', () => {
    for (const facts of cases) {
      const level = rank(outcome(facts).level);
      if (facts.mitigating) expect(level, JSON.stringify(facts)).toBeLessThan(rank('从重处罚'));
      if (!facts.aggravating) expect(rank(outcome({ ...facts, aggravating: true }).level)).toBeGreaterThanOrEqual(level);
      if (!facts.mitigating) expect(rank(outcome({ ...facts, mitigating: true }).level)).toBeLessThanOrEqual(level);
    }
  });

  it('under ¶1, worse harm never gives a lighter level', () => {
    for (const facts of cases.filter((each) => !each.labelDefectOnly && each.harmLevel !== '严重')) {
      const worse = HARM_LEVELS[HARM_LEVELS.indexOf(facts.harmLevel) + 1]!;
      expect(rank(outcome({ ...facts, harmLevel: worse }).level), JSON.stringify(facts)).toBeGreaterThanOrEqual(rank(outcome(facts).level));
    }
  });
});
