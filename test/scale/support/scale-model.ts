/**
 * The scale test's process: a user task (审核, assigned to one staff user) with an interrupting boundary
 * timer at an absolute instant given as the variable `dueAt`, so a whole batch of timers comes due at
 * once and a burst measures how fast the workers fire them. Completed in time → end `approved`; the
 * timer wins → end `escalated`.
 */
export const SCALE_PROCESS_KEY = 'scale';

export const ScaleEnd = { approved: 'approved', escalated: 'escalated' } as const;
export type ScaleEnd = (typeof ScaleEnd)[keyof typeof ScaleEnd];

export function scaleModel(assignee: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="scale-d" targetNamespace="http://zhifa.test/scale">
<bpmn:process id="${SCALE_PROCESS_KEY}" isExecutable="true">
<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
<bpmn:userTask id="review" name="审核"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="${assignee}" /></bpmn:extensionElements></bpmn:userTask>
<bpmn:boundaryEvent id="deadline" attachedToRef="review" cancelActivity="true"><bpmn:timerEventDefinition><bpmn:timeDate>=dueAt</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>
<bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="${ScaleEnd.approved}" /><bpmn:endEvent id="${ScaleEnd.approved}" />
<bpmn:sequenceFlow id="f3" sourceRef="deadline" targetRef="${ScaleEnd.escalated}" /><bpmn:endEvent id="${ScaleEnd.escalated}" />
</bpmn:process></bpmn:definitions>`;
}
