/** The diagram a new process starts from: an empty executable process, drawn from the palette. */
export function newDiagramXml(processId: string, name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="Definitions_${processId}" targetNamespace="http://zhifa.dev/bpmn">
  <bpmn:process id="${processId}" name="${escapeXml(name)}" isExecutable="true" />
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}" />
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A process id that is a valid XML NCName and unlikely to clash. */
export function newProcessId(): string {
  return `Process_${Math.random().toString(36).slice(2, 9)}`;
}
