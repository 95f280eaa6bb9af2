import type { UiKey } from '../i18n/en.js';
import { t } from '../i18n/i18n.js';

/** States of tasks, instances and timers as the API spells them, shown in the user's language. */
const stateKey: Readonly<Record<string, UiKey>> = {
  open: 'state.open',
  completed: 'state.completed',
  cancelled: 'state.cancelled',
  active: 'state.active',
  terminated: 'state.terminated',
  pending: 'state.pending',
  fired: 'state.fired',
};

/** Unknown states (a newer server) show as the API gives them rather than not at all. */
export function stateLabel(state: string): string {
  const key = stateKey[state];
  return key ? t(key) : state;
}
