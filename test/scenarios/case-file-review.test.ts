/** 案卷评查 (seed task 10): sampled case files scored, rectified by the unit, re-checked until they pass. */
import { describe, expect, it } from 'vitest';
import { completeAt, engineWith, onlyTaskAt, openJobs, statusOf, tasksAt, variablesOf } from './process-files.js';

const SAMPLES = [
  { unitId: 'unit-scjgj', caseId: 'SJ-2024-017', caseTitle: '某超市销售过期食品案' },
  { unitId: 'unit-sthjj', caseId: 'HB-2024-031', caseTitle: '某厂超标排放案' },
];

describe('case-file review (案卷评查)', () => {
  it('scores each sampled file, sends a weak file back for rectification until the re-check passes, and reports', async () => {
    // given a campaign over two units, whose random sample comes back from the sampling worker
    const t = await engineWith(['case-file-review.bpmn'], '2024-11-04T01:00:00.000Z');
    const { instanceId: id } = await t.engine.startProcess('case-file-review', { variables: { units: ['unit-scjgj', 'unit-sthjj'], reviewers: ['reviewer.li'] } });
    const [sampling] = await openJobs(t, id, 'sample-case-files');
    expect(sampling).toMatchObject({ units: ['unit-scjgj', 'unit-sthjj'], sampleSize: 3 });
    const job = (await t.store.listJobs({ instanceId: id }))[0]!;
    await t.engine.completeJob(job.id, { samples: SAMPLES });

    // when the market file scores 92 and the ecology file 65
    const scoring = await tasksAt(t, id, 'scoreCaseFile');
    expect(scoring.map((x) => [x.candidateGroups, x.candidateUsers])).toEqual([
      [['unit-sfj-fzk'], ['reviewer.li']],
      [['unit-sfj-fzk'], ['reviewer.li']],
    ]);
    await t.engine.completeTask(scoring[0]!.id, { score: 92, needsRectification: false, reviewComments: '规范' });
    await t.engine.completeTask(scoring[1]!.id, { score: 65, needsRectification: false, reviewComments: '缺少听证告知' });

    // then only the ecology bureau must rectify; a failed re-check sends it back once more
    expect((await onlyTaskAt(t, id, 'rectifyCaseFile')).candidateGroups).toEqual(['unit-sthjj']);
    await completeAt(t, id, 'rectifyCaseFile', { rectificationReport: '已补充' });
    await completeAt(t, id, 'recheckCaseFile', { recheckPassed: false, recheckComment: '仍缺送达回证' });
    await completeAt(t, id, 'rectifyCaseFile', { rectificationReport: '已补充送达回证' });
    await completeAt(t, id, 'recheckCaseFile', { recheckPassed: true });

    // and the results are summarised per file
    expect((await variablesOf(t, id))['reviewResults']).toEqual([
      { caseId: 'SJ-2024-017', unitId: 'unit-scjgj', score: 92, rectificationRounds: 0 },
      { caseId: 'HB-2024-031', unitId: 'unit-sthjj', score: 65, rectificationRounds: 2 },
    ]);
    await completeAt(t, id, 'publishReviewReport', { reportSummary: '通报' });
    expect(await statusOf(t, id)).toBe('completed');
  });
});
