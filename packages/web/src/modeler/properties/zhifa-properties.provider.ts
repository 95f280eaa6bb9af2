import type { Element } from 'bpmn-js/lib/model/Types';
import { PanelText } from './panel-text.js';
import {
  AssignmentRelation, AssignmentRole, AssignmentSection, AssignmentUnit, DeadlineCalendar, DeadlineDuration, EscalationAfter,
  EscalationTo, FormActions, ReminderBefore, SignModeSelect, SignRatio, TimerCalendar, type EntryProps,
} from './zhifa-entries.js';

interface Group {
  readonly id: string;
  readonly label: string;
  readonly entries: readonly unknown[];
}

type Translate = (template: string) => string;

function entry(id: string, component: (props: EntryProps) => unknown, element: Element) {
  return { id, component, element, isEdited: () => false };
}

function hasTimer(element: Element): boolean {
  const definitions: unknown = element.businessObject?.eventDefinitions;
  return Array.isArray(definitions) && definitions.some((definition) => definition?.$type === 'bpmn:TimerEventDefinition');
}

/** Adds the groups of our `zhifa:` extension after the zeebe groups: deadlines, candidate unit, form, timer calendar. */
export class ZhifaPropertiesProvider {
  static $inject = ['propertiesPanel', 'translate'];

  constructor(propertiesPanel: { registerProvider(priority: number, provider: unknown): void }, private readonly translate: Translate) {
    propertiesPanel.registerProvider(400, this);
  }

  getGroups(element: Element) {
    return (groups: Group[]): Group[] => {
      const added: Group[] = [];
      if (element.type === 'bpmn:UserTask') {
        added.push({
          id: 'zhifa-deadline', label: this.translate(PanelText.deadlineGroup), entries: [
            entry('zhifa-deadline-duration', DeadlineDuration, element),
            entry('zhifa-deadline-calendar', DeadlineCalendar, element),
            entry('zhifa-reminder-before', ReminderBefore, element),
            entry('zhifa-escalation-after', EscalationAfter, element),
            entry('zhifa-escalation-to', EscalationTo, element),
          ],
        }, {
          id: 'zhifa-assignment', label: this.translate(PanelText.candidateGroup), entries: [
            entry('zhifa-assignment-unit', AssignmentUnit, element),
            entry('zhifa-assignment-relation', AssignmentRelation, element),
            entry('zhifa-assignment-section', AssignmentSection, element),
            entry('zhifa-assignment-role', AssignmentRole, element),
          ],
        }, {
          id: 'zhifa-sign-mode', label: this.translate(PanelText.signGroup), entries: [
            entry('zhifa-sign-mode', SignModeSelect, element),
            entry('zhifa-sign-ratio', SignRatio, element),
          ],
        }, {
          id: 'zhifa-form', label: this.translate(PanelText.formGroup), entries: [entry('zhifa-form-actions', FormActions, element)],
        });
      }
      if (hasTimer(element)) {
        added.push({ id: 'zhifa-timer', label: this.translate(PanelText.timerGroup), entries: [entry('zhifa-timer-calendar', TimerCalendar, element)] });
      }
      const generalIndex = groups.findIndex((group) => group.id === 'general');
      return generalIndex < 0 ? [...added, ...groups] : [...groups.slice(0, generalIndex + 1), ...added, ...groups.slice(generalIndex + 1)];
    };
  }
}

export const zhifaPropertiesModule = {
  __init__: ['zhifaPropertiesProvider'],
  zhifaPropertiesProvider: ['type', ZhifaPropertiesProvider],
};
