/** S3: an unknown element (`<bpmn:teleportTask id="tp1"/>`, `<foo:robot id="robot1"/>`) is named by its own id, line and column. */
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

describe('S3 unknown elements named by id', () => {
  it.each([
    { xml: wrap('<bpmn:teleportTask id="tp1" />'), id: 'tp1' },
    { xml: wrap('<foo:robot id="robot1" />'), id: 'robot1' },
    { xml: wrap('<bpmn:endEvent id="e2"><foo:robot id="robot2" /></bpmn:endEvent>'), id: 'robot2', column: 24 },
    { xml: wrap('   <foo:robot\n id = "robot3" />'), id: 'robot3', column: 4 },
    { xml: wrap('<foo:robot\tid="robot4"/>'), id: 'robot4' },
  ])('given an unknown element $id, when deployed, then the problem names $id on line 7', async ({ xml, id, column = 1 }) => {
    const error = await compileBpmn(xml).then(() => undefined, (e: unknown) => e);
    const problems = error instanceof DeployError ? error.problems : [];
    expect(problems.map((p) => p.elementId)).toContain(id);
    expect(problems.find((p) => p.elementId === id)).toMatchObject({ line: 7, column });
  });
});
