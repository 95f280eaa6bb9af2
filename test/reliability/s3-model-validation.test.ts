/**
 * S3: unsupported / unknown elements, duplicate ids and dangling references are rejected at deploy with
 * the element named — never silently ignored.
 */
import { compileBpmn, DeployError } from '@zhifa/engine';
import { describe, expect, it } from 'vitest';

const wrap = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:foo="urn:foo" id="d" targetNamespace="http://zhifa.test">
<bpmn:process id="p" isExecutable="true">
<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
<bpmn:userTask id="task" /><bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
<bpmn:endEvent id="end" />
${body}
</bpmn:process>
</bpmn:definitions>`;

const cases: { name: string; xml: string; element: string }[] = [
  { name: 'complex gateway', xml: wrap('<bpmn:complexGateway id="cg1" />'), element: 'cg1' },
  { name: 'transaction subprocess', xml: wrap('<bpmn:transaction id="tx1" />'), element: 'tx1' },
  { name: 'ad-hoc subprocess', xml: wrap('<bpmn:adHocSubProcess id="adhoc1" />'), element: 'adhoc1' },
  { name: 'cancel end event', xml: wrap('<bpmn:endEvent id="cancel1"><bpmn:cancelEventDefinition /></bpmn:endEvent>'), element: 'cancel1' },
  { name: 'duplicate id', xml: wrap('<bpmn:userTask id="task" />'), element: 'task' },
  { name: 'dangling targetRef', xml: wrap('<bpmn:sequenceFlow id="f9" sourceRef="task" targetRef="ghost" />'), element: 'f9' },
  { name: 'dangling boundary attachedToRef', xml: wrap('<bpmn:boundaryEvent id="b1" attachedToRef="ghost"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>'), element: 'b1' },
  { name: 'dangling default flow', xml: wrap('<bpmn:exclusiveGateway id="gw1" default="ghostFlow" />'), element: 'gw1' },
];

/** Unknown tags: refused, naming the tag (their id, line and column: s3-unknown-element-id.test.ts). */
const unknownTags = [
  { name: 'unknown bpmn element', xml: wrap('<bpmn:teleportTask id="tp1" />'), tag: 'teleportTask' },
  { name: 'foreign element in the process', xml: wrap('<foo:robot id="robot1" />'), tag: 'foo:robot' },
];

describe('S3 unsupported elements, duplicate ids, dangling references', () => {
  it.each(cases)('given a model with a $name, when deployed, then it is rejected naming $element', async ({ xml, element }) => {
    const error = await compileBpmn(xml).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeployError);
    const named = error instanceof DeployError ? error.problems.map((p) => p.elementId) : [];
    expect(named).toContain(element);
  });

  it.each(unknownTags)('given a model with an $name, when deployed, then it is rejected naming the tag $tag', async ({ xml, tag }) => {
    const error = await compileBpmn(xml).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeployError);
    const types = error instanceof DeployError ? error.problems.map((p) => p.elementType ?? '') : [];
    expect(types.some((t) => t.includes(tag))).toBe(true);
  });

  it('prints the figure', async () => {
    let named = 0;
    for (const c of cases) {
      const e = await compileBpmn(c.xml).then(() => undefined, (x: unknown) => x);
      if (e instanceof DeployError && e.problems.some((p) => p.elementId === c.element)) named += 1;
    }
    let refused = 0;
    for (const u of unknownTags) if ((await compileBpmn(u.xml).then(() => undefined, (x: unknown) => x)) instanceof DeployError) refused += 1;
    console.log(`S3: ${named}/${cases.length} invalid models rejected at deploy naming the element; ${refused}/${unknownTags.length} unknown tags rejected naming the tag`);
    expect(refused).toBe(unknownTags.length);
    expect(named).toBe(cases.length);
  });
});
