/**
 * Our own small moddle descriptor (prefix `zhifa`): deadlines with reminders/escalations on user tasks,
 * working-day timers, assignment by organisation unit/relation/section/role, multi-approver (会签/或签/依次)
 * mode, approval rules (退回 resubmission, empty assignee, initiator as approver) and case-code issuing. Namespace http://zhifa.dev/schema/bpmn/1.0.
 */
export const ZHIFA_NAMESPACE = 'http://zhifa.dev/schema/bpmn/1.0';

export const zhifaDescriptor = {
  name: 'Zhifa',
  prefix: 'zhifa',
  uri: ZHIFA_NAMESPACE,
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    {
      name: 'Deadline',
      superClass: ['Element'],
      meta: { allowedIn: ['bpmn:UserTask'] },
      properties: [
        { name: 'duration', isAttr: true, type: 'String' },
        { name: 'calendar', isAttr: true, type: 'String' },
        { name: 'reminders', isMany: true, type: 'Reminder' },
        { name: 'escalations', isMany: true, type: 'Escalation' },
      ],
    },
    {
      name: 'Reminder',
      superClass: ['Element'],
      properties: [
        { name: 'before', isAttr: true, type: 'String' },
        { name: 'every', isAttr: true, type: 'String' },
      ],
    },
    {
      name: 'Escalation',
      superClass: ['Element'],
      properties: [
        { name: 'after', isAttr: true, type: 'String' },
        { name: 'to', isAttr: true, type: 'String' },
      ],
    },
    {
      name: 'Assignment',
      superClass: ['Element'],
      meta: { allowedIn: ['bpmn:UserTask'] },
      properties: [
        { name: 'unit', isAttr: true, type: 'String' },
        { name: 'relation', isAttr: true, type: 'String' },
        { name: 'section', isAttr: true, type: 'String' },
        { name: 'role', isAttr: true, type: 'String' },
      ],
    },
    {
      name: 'SignMode',
      superClass: ['Element'],
      meta: { allowedIn: ['bpmn:UserTask', 'bpmn:SubProcess'] },
      properties: [
        { name: 'mode', isAttr: true, type: 'String' },
        { name: 'ratio', isAttr: true, type: 'String' },
        { name: 'candidates', isAttr: true, type: 'String' },
      ],
    },
    {
      name: 'Approval',
      superClass: ['Element'],
      meta: { allowedIn: ['bpmn:UserTask'] },
      properties: [
        { name: 'resubmit', isAttr: true, type: 'String' },
        { name: 'onEmptyAssignee', isAttr: true, type: 'String' },
        { name: 'onInitiator', isAttr: true, type: 'String' },
      ],
    },
    {
      name: 'CaseCode',
      superClass: ['Element'],
      meta: { allowedIn: ['bpmn:ServiceTask', 'bpmn:Task', 'bpmn:SendTask'] },
      properties: [],
    },
    {
      name: 'TimerCalendar',
      superClass: ['Element'],
      meta: { allowedIn: ['bpmn:TimerEventDefinition'] },
      properties: [{ name: 'calendar', isAttr: true, type: 'String' }],
    },
  ],
  enumerations: [],
} as const;
