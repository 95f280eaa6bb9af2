import { html, type TemplateResult } from 'lit-html';
import { formatDateTime } from '../app/download.js';
import { t } from '../i18n/i18n.js';
import { deadlineStatus, deadlineTrace, DeadlineLevel, serverDeadline, type DeadlineStatus } from './deadline.js';
import { cachedTrace, loadTrace } from './deadline-hover.js';

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

function tooltip(status: DeadlineStatus, trace: readonly string[] | null | undefined, lazy: boolean): string {
  const used = status.used === undefined ? '' : t('inbox.deadline.used', { percent: Math.round(status.used * 100) });
  const traceText = trace ? [t('inbox.deadline.trace'), ...trace]
    : trace === null ? [t('trace.unavailable')]
    : [lazy ? t('trace.loading') : t('inbox.deadline.noTrace')];
  return [levelLabel(status.level), used, ...traceText].filter(Boolean).join('\n');
}

/**
 * The due date coloured by share of time used (the server's colour when it sends one). Hovering shows the share
 * and how the due date was computed: the trace the source carries, else (given the task id) the one of
 * `GET /api/tasks/:id/deadline`, loaded on the first hover and cached.
 */
export function deadlineBadge(createdAt: string, dueAt: string | null, source: object, now = Date.now(), taskId?: string): TemplateResult {
  const status = serverDeadline(source) ?? deadlineStatus(createdAt, dueAt, now);
  if (!dueAt) return html`<span class="zf-deadline zf-deadline-none" data-level="none">—</span>`;
  const carried = deadlineTrace(source);
  const lazy = carried.length === 0 && taskId !== undefined;
  const trace = carried.length > 0 ? carried : taskId === undefined ? undefined : cachedTrace(taskId);
  const hover = (event: Event) => {
    const element = event.currentTarget;
    if (!lazy || taskId === undefined || !(element instanceof HTMLElement)) return;
    void loadTrace(taskId).then((lines) => {
      element.title = tooltip(status, lines, true);
      element.dataset.trace = lines ? 'loaded' : 'unavailable';
    });
  };
  return html`<span class=${`zf-deadline zf-deadline-${status.level}`} data-level=${status.level} data-testid="deadline"
    data-trace=${trace ? 'loaded' : trace === null ? 'unavailable' : lazy ? 'pending' : 'none'}
    title=${tooltip(status, trace, lazy)} tabindex="0" @mouseenter=${hover} @focus=${hover}>
    ${formatDateTime(dueAt)} · ${levelLabel(status.level)}</span>`;
}
