/** BPMN fixtures for API tests (Zeebe extension attributes; literal values, no expressions). */

const header = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://zhifa.test">`;

export interface UserTaskProcess {
  readonly key: string;
  readonly assignee?: string;
  readonly candidateGroups?: string;
  readonly candidateUsers?: string;
}

/** start → one user task → end. */
export function userTaskProcess(p: UserTaskProcess): string {
  const attrs = [
    p.assignee ? `assignee="${p.assignee}"` : '',
    p.candidateGroups ? `candidateGroups="${p.candidateGroups}"` : '',
    p.candidateUsers ? `candidateUsers="${p.candidateUsers}"` : '',
  ].join(' ');
  return `${header}
  <bpmn:process id="${p.key}" name="Test ${p.key}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="审核">
      <bpmn:extensionElements><zeebe:assignmentDefinition ${attrs} /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
}

/** start → timer catch (P1D) → user task → end. */
export function timerProcess(key: string, assignee: string): string {
  return `${header}
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="after" />
    <bpmn:userTask id="after"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="${assignee}" /></bpmn:extensionElements>
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
}

/** start → message catch (correlation key = businessKey variable) → end. */
export function messageProcess(key: string, message: string): string {
  return `${header}
  <bpmn:message id="msg" name="${message}"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseNo" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="waitMsg" />
    <bpmn:intermediateCatchEvent id="waitMsg"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="waitMsg" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
}

/** start → external service task (job type) → end. */
export function jobProcess(key: string, type: string): string {
  return `${header}
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="2" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
}

/** A process with an element the engine does not support (complex gateway), named `bad-gateway`. */
export function unsupportedProcess(key: string): string {
  return `${header}
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="bad-gateway" />
    <bpmn:complexGateway id="bad-gateway"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:complexGateway>
    <bpmn:sequenceFlow id="f2" sourceRef="bad-gateway" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
}

/** A DMN 1.3 decision `fine-level`: amount ≥ 10000 → "high", else "low". */
export const fineLevelDmn = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="fines" name="Fines" namespace="http://zhifa.test/dmn">
  <decision id="fine-level" name="罚款档次">
    <decisionTable id="fine-level-table" hitPolicy="FIRST">
      <input id="in1" label="amount"><inputExpression id="ie1" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="out1" name="level" typeRef="string" />
      <rule id="r1"><inputEntry><text>&gt;= 10000</text></inputEntry><outputEntry><text>"high"</text></outputEntry></rule>
      <rule id="r2"><inputEntry><text>-</text></inputEntry><outputEntry><text>"low"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

/** start → business rule task (decision `fine-level`, result in `level`) → user task → end. */
export function decisionProcess(key: string, assignee: string): string {
  return `${header}
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <bpmn:businessRuleTask id="decide"><bpmn:extensionElements><zeebe:calledDecision decisionId="fine-level" resultVariable="level" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="review" />
    <bpmn:userTask id="review"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="${assignee}" /></bpmn:extensionElements>
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
}

/** decide (DMN `fine-level`) → review (user task of 张三) → issue the case code (job type issue-case-code) → end. */
export const decidedCaseProcess = (processId: string, name: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="defs" targetNamespace="http://zhifa.test">
  <bpmn:process id="${processId}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <bpmn:businessRuleTask id="decide" name="适用裁量基准"><bpmn:extensionElements><zeebe:calledDecision decisionId="fine-level" resultVariable="level" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="review" />
    <bpmn:userTask id="review" name="法制审核"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="user-zhang.san" /></bpmn:extensionElements>
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="code" />
    <bpmn:serviceTask id="code" name="生成一案一码"><bpmn:extensionElements><zeebe:taskDefinition type="issue-case-code" /><zhifa:caseCode /></bpmn:extensionElements>
      <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f4" sourceRef="code" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
