import { SelectEntry, TextFieldEntry } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import type { Element } from 'bpmn-js/lib/model/Types';
import { PanelText } from './panel-text.js';
import {
  childrenOf, findExtension, setExtensionAttrs, setExtensionChildAttrs, stringAttr, type ModdleElement, type ModdleServices,
} from './extension-elements.js';

export interface EntryProps {
  readonly element: Element;
  readonly id: string;
}

type Translate = (template: string, replacements?: Record<string, string>) => string;
type Option = { value: string; label: string };

const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

export const DEADLINE = 'zhifa:Deadline';
/** `zhifa:assignment`: candidates by the organisation tree, resolved by the server (engine OrgAssignmentDef). */
export const ORG_ASSIGNMENT = 'zhifa:Assignment';
export const TIMER_CALENDAR = 'zhifa:TimerCalendar';
export const SIGN_MODE = 'zhifa:SignMode';

function useServices(): ModdleServices & { translate: Translate; debounce: unknown } {
  return {
    bpmnFactory: useService('bpmnFactory'),
    commandStack: useService('commandStack'),
    translate: useService('translate'),
    debounce: useService('debounceInput'),
  };
}

function businessObject(element: Element): ModdleElement {
  return element.businessObject;
}

function ratioValidator(translate: Translate) {
  return (value: string) => {
    const ratio = Number(value);
    return !value.trim() || (Number.isFinite(ratio) && ratio > 0 && ratio <= 1) ? null : translate(PanelText.invalidRatio);
  };
}

function durationValidator(translate: Translate) {
  return (value: string) => (!value || ISO_DURATION.test(value.trim()) ? null : translate(PanelText.invalidDuration));
}

/** A text field bound to an attribute of an extension element (or of its first child). */
function extensionTextField(
  props: EntryProps, label: string, type: string, attr: string, child?: { property: string; type: string },
  validator?: (translate: Translate) => (value: string) => string | null,
) {
  const services = useServices();
  const owner = businessObject(props.element);
  const read = () => {
    const extension = findExtension(owner, type);
    return stringAttr(child ? childrenOf(extension, child.property)[0] : extension, attr);
  };
  const write = (value: string | undefined) => {
    const properties = { [attr]: value?.trim() || undefined };
    if (child) setExtensionChildAttrs(props.element, owner, type, child.property, child.type, properties, services);
    else setExtensionAttrs(props.element, owner, type, properties, services);
  };
  return h(TextFieldEntry, {
    element: props.element, id: props.id, label: services.translate(label), getValue: read, setValue: write,
    debounce: services.debounce, validate: validator?.(services.translate),
  });
}

function extensionSelect(props: EntryProps, label: string, owner: ModdleElement, type: string, attr: string, options: readonly Option[]) {
  const services = useServices();
  return h(SelectEntry, {
    element: props.element, id: props.id, label: services.translate(label),
    getValue: () => stringAttr(findExtension(owner, type), attr),
    setValue: (value: string) => setExtensionAttrs(props.element, owner, type, { [attr]: value === '' ? undefined : value }, services),
    getOptions: () => options.map((option) => ({ value: option.value, label: services.translate(option.label) })),
  });
}

export function DeadlineDuration(props: EntryProps) {
  return extensionTextField(props, PanelText.duration, DEADLINE, 'duration', undefined, durationValidator);
}

export function DeadlineCalendar(props: EntryProps) {
  return extensionSelect(props, PanelText.countedIn, businessObject(props.element), DEADLINE, 'calendar', [
    { value: '', label: PanelText.none }, { value: 'working', label: PanelText.workingDays }, { value: 'calendar', label: PanelText.calendarDays },
  ]);
}

export function ReminderBefore(props: EntryProps) {
  return extensionTextField(props, PanelText.remindBefore, DEADLINE, 'before', { property: 'reminders', type: 'zhifa:Reminder' }, durationValidator);
}

export function EscalationAfter(props: EntryProps) {
  return extensionTextField(props, PanelText.escalateAfter, DEADLINE, 'after', { property: 'escalations', type: 'zhifa:Escalation' }, durationValidator);
}

export function EscalationTo(props: EntryProps) {
  return extensionTextField(props, PanelText.escalateTo, DEADLINE, 'to', { property: 'escalations', type: 'zhifa:Escalation' });
}

export function AssignmentUnit(props: EntryProps) {
  return extensionTextField(props, PanelText.assignmentUnit, ORG_ASSIGNMENT, 'unit');
}

export function AssignmentRelation(props: EntryProps) {
  return extensionSelect(props, PanelText.relation, businessObject(props.element), ORG_ASSIGNMENT, 'relation', [
    { value: '', label: PanelText.none }, { value: 'self', label: PanelText.sameUnit },
    { value: 'upper', label: PanelText.upperUnit }, { value: 'lower', label: PanelText.lowerUnit },
  ]);
}

export function AssignmentSection(props: EntryProps) {
  return extensionSelect(props, PanelText.section, businessObject(props.element), ORG_ASSIGNMENT, 'section', [
    { value: '', label: PanelText.wholeUnit }, { value: 'legal-affairs', label: PanelText.legalAffairs },
    { value: 'supervision', label: PanelText.supervision },
  ]);
}

export function AssignmentRole(props: EntryProps) {
  return extensionSelect(props, PanelText.role, businessObject(props.element), ORG_ASSIGNMENT, 'role', [
    { value: '', label: PanelText.anyMember }, { value: 'leader', label: PanelText.leader },
    { value: 'member', label: PanelText.member }, { value: 'admin', label: PanelText.unitAdmin },
  ]);
}

/** 会签 / 或签 / by ratio: how the engine completes a multi-instance user task. */
export function SignModeSelect(props: EntryProps) {
  return extensionSelect(props, PanelText.signMode, businessObject(props.element), SIGN_MODE, 'mode', [
    { value: '', label: PanelText.none }, { value: 'all', label: PanelText.signAll },
    { value: 'any', label: PanelText.signAny }, { value: 'ratio', label: PanelText.signRatio },
  ]);
}

export function SignRatio(props: EntryProps) {
  return extensionTextField(props, PanelText.signRatioValue, SIGN_MODE, 'ratio', undefined, ratioValidator);
}

/** Timer events: the engine counts the timer's duration in working or calendar days. */
export function TimerCalendar(props: EntryProps) {
  const definition = childrenOf(businessObject(props.element), 'eventDefinitions').find((value) => value.$type === 'bpmn:TimerEventDefinition');
  if (!definition) return null;
  return extensionSelect(props, PanelText.timerCountIn, definition, TIMER_CALENDAR, 'calendar', [
    { value: '', label: PanelText.calendarDays }, { value: 'working', label: PanelText.workingDays },
  ]);
}

/** The form linked through `zeebe:FormDefinition formId`, if any. */
export function linkedFormId(element: Element): string {
  return stringAttr(findExtension(businessObject(element), 'zeebe:FormDefinition'), 'formId');
}

export const FormEvent = { create: 'zhifa.form.create', edit: 'zhifa.form.edit' } as const;

export function FormActions(props: EntryProps) {
  const translate: Translate = useService('translate');
  const eventBus: { fire(type: string, data: unknown): void } = useService('eventBus');
  const formId = linkedFormId(props.element);
  return h('div', { class: 'bio-properties-panel-entry zf-form-actions', 'data-entry-id': props.id }, [
    formId ? h('p', { class: 'zf-linked-form' }, translate(PanelText.linkedForm, { formId })) : null,
    h('button', {
      type: 'button', class: 'zf-button', 'data-testid': 'form-create',
      onClick: () => eventBus.fire(FormEvent.create, { element: props.element }),
    }, translate(PanelText.createForm)),
    formId ? h('button', {
      type: 'button', class: 'zf-button', 'data-testid': 'form-edit',
      onClick: () => eventBus.fire(FormEvent.edit, { element: props.element, formId }),
    }, translate(PanelText.editForm)) : null,
  ]);
}
