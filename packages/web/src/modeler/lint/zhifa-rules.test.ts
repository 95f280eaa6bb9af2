import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { describe, expect, it } from 'vitest';
import { zhifaDescriptor as zhifaModdle } from '@zhifa/engine/zhifa-descriptor';
import { countLintErrors, linterConfig } from './linter-config.js';
import { LintMessage } from './zhifa-rules.js';

/** A process with the given flow elements (no diagram interchange: lint needs none). */
function processXml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="Definitions_test" targetNamespace="http://zhifa.dev/test">
  <bpmn:process id="P" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
}

/** Lints the XML with our configuration and returns `elementId: message` for every report of our rules. */
async function lint(body: string): Promise<string[]> {
  const moddle = new BpmnModdle({ zeebe: zeebeModdle, zhifa: zhifaModdle });
  const { rootElement, warnings } = await moddle.fromXML(processXml(body));
  expect(warnings).toEqual([]);
  const results = await new Linter(linterConfig).lint(rootElement);
  return Object.entries(results)
    .filter(([rule]) => rule.startsWith('zhifa/'))
    .flatMap(([, reports]) => reports.map((report) => `${report.id}: ${report.message}`));
}

describe('zhifa lint rules', () => {
  it('flags a user task with nobody to do it, and accepts an assignee or an organisation rule', async () => {
    // given three user tasks; when linted; then only the one without anybody is reported
    const reports = await lint(`
      <bpmn:userTask id="Nobody" />
      <bpmn:userTask id="Assigned"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="user-wang.wu" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="ByUnit"><bpmn:extensionElements><zhifa:assignment relation="upper" section="legal-affairs" /></bpmn:extensionElements></bpmn:userTask>`);
    expect(reports).toEqual([`Nobody: ${LintMessage.userTaskWithoutAssignee}`]);
  });

  it('flags a timer without date, duration or cycle', async () => {
    const reports = await lint(`
      <bpmn:intermediateCatchEvent id="Empty"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="Defined"><bpmn:timerEventDefinition><bpmn:timeDuration>P5D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`);
    expect(reports).toEqual([`Empty: ${LintMessage.timerWithoutDefinition}`]);
  });

  it('flags an exclusive gateway whose outgoing flows have neither a default nor conditions', async () => {
    const reports = await lint(`
      <bpmn:exclusiveGateway id="Bare" /><bpmn:task id="A" /><bpmn:task id="B" />
      <bpmn:sequenceFlow id="F1" sourceRef="Bare" targetRef="A" /><bpmn:sequenceFlow id="F2" sourceRef="Bare" targetRef="B" />
      <bpmn:exclusiveGateway id="WithDefault" default="F4" /><bpmn:task id="C" /><bpmn:task id="D" />
      <bpmn:sequenceFlow id="F3" sourceRef="WithDefault" targetRef="C"><bpmn:conditionExpression>=x &gt; 1</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="F4" sourceRef="WithDefault" targetRef="D" />`);
    expect(reports).toEqual([`Bare: ${LintMessage.gatewayWithoutDefault}`]);
  });

  it('counts errors, not warnings', () => {
    // given one error and one warning report; then one error is counted
    expect(countLintErrors({ a: [{ category: 'error' }], b: [{ category: 'warn' }], c: [] })).toBe(1);
  });

  it('flags elements and event definitions the engine does not execute', async () => {
    const reports = await lint(`
      <bpmn:complexGateway id="Complex" />
      <bpmn:endEvent id="CancelEnd"><bpmn:cancelEventDefinition /></bpmn:endEvent>
      <bpmn:task id="Plain" />`);
    expect(reports.sort()).toEqual([`CancelEnd: ${LintMessage.unsupportedEventDefinition}`, `Complex: ${LintMessage.unsupportedElement}`]);
  });
});
