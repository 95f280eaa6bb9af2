import { html, type TemplateResult } from 'lit-html';
import { formatDateTime } from '../app/download.js';
import { t } from '../i18n/i18n.js';
import { deadlineStatus, deadlineTrace, DeadlineLevel, serverDeadline } from './deadline.js';

function levelLabel(level: DeadlineLevel): string {
  switch (level) {
    case DeadlineLevel.none: return t('inbox.deadline.none');
    case DeadlineLevel.green: return t('inbox.deadline.green');
    case DeadlineLevel.yellow: return t('inbox.deadline.yellow');
    case DeadlineLevel.red: return t('inbox.deadline.red');
    case DeadlineLevel.overdue: return t('inbox.deadline.overdue');
    default: {
      const unknown: never = level;
      return String(unknown);
    }
  }
}

/** The due date coloured by share of time used (the server's colour when it sends one); hovering shows the share and the calendar's trace. */
export function deadlineBadge(createdAt: string, dueAt: string | null, source: object, now = Date.now()): TemplateResult {
  const status = serverDeadline(source) ?? deadlineStatus(createdAt, dueAt, now);
  if (!dueAt) return html`<span class="zf-deadline zf-deadline-none" data-level="none">—</span>`;
  const trace = deadlineTrace(source);
  const used = status.used === undefined ? '' : t('inbox.deadline.used', { percent: Math.round(status.used * 100) });
  const tooltip = [levelLabel(status.level), used, ...(trace.length ? [t('inbox.deadline.trace'), ...trace] : [t('inbox.deadline.noTrace')])]
    .filter(Boolean).join('\n');
  return html`<span class=${`zf-deadline zf-deadline-${status.level}`} data-level=${status.level} data-testid="deadline" title=${tooltip}>
    ${formatDateTime(dueAt)} · ${levelLabel(status.level)}</span>`;
}
