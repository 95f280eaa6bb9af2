import '../inbox/inbox.css';
import { ApiPath, type HistoryEntry, type ProcessInstance, type Task } from '@zhifa/api-types';
import { html, render, type TemplateResult } from 'lit-html';
import { formatDateTime } from '../app/download.js';
import { navBar } from '../app/nav.js';
import { navigate, type Page } from '../app/router.js';
import { loadSession } from '../app/session.js';
import { t } from '../i18n/i18n.js';
import { elementNames, elementTypes } from '../inbox/bpmn-xml.js';
import { loadCapabilities, type Capabilities } from '../inbox/capabilities.js';
import { deadlineBadge } from '../inbox/deadline-badge.js';
import { callJson, callText, errorMessage, routeOf } from '../inbox/inbox-api.js';
import { idAfter, InboxPath } from '../inbox/inbox-routes.js';
import { runOperation } from '../inbox/operation-dialogs.js';
import { Operation, operationLabel, operationRoute } from '../inbox/operations.js';
import { attachmentsSection } from '../inbox/attachments.js';
import { cancelInstance } from './cancel-dialog.js';
import { showDiagram, stepsOf } from './diagram-view.js';
import { migrateSection } from './migrate-section.js';
import { caseCodesSection } from './case-codes-section.js';
import { loadPeople, person, type People } from './people.js';
import { timeline } from './timeline.js';
import { timersTable, type TimerRow } from './timers-table.js';
import { stateLabel } from '../inbox/state-label.js';

interface InstanceContext {
  readonly instance: ProcessInstance;
  readonly history: readonly HistoryEntry[];
  readonly tasks: readonly Task[];
  readonly timers: readonly TimerRow[] | undefined;
  readonly xml: string | undefined;
  readonly people: People;
  readonly caps: Capabilities;
}

async function load(id: string): Promise<InstanceContext> {
  const [instance, history, caps] = await Promise.all([
    callJson<ProcessInstance>(routeOf(ApiPath.processInstance, { id })),
    callJson<readonly HistoryEntry[]>(routeOf(ApiPath.processInstanceHistory, { id })),
    loadCapabilities(),
  ]);
  const [tasks, timers, xml, people] = await Promise.all([
    callJson<readonly Task[]>(ApiPath.tasks, { query: { processInstanceId: id } }).catch(() => []),
    callJson<readonly TimerRow[]>(ApiPath.timers, { query: { processInstanceId: id } }).catch(() => undefined),
    callText(routeOf(ApiPath.processDefinitionXml, { id: instance.definitionId })).catch(() => undefined),
    loadPeople(id),
  ]);
  return { instance, history, tasks, timers, xml, people, caps };
}

function variablesTable(variables: Readonly<Record<string, unknown>>): TemplateResult {
  const entries = Object.entries(variables).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return html`<p class="zf-muted">${t('instance.noVariables')}</p>`;
  return html`<table class="zf-table zf-compact" data-testid="variables"><tbody>${entries.map(([name, value]) => html`<tr>
    <th>${name}</th><td><code>${typeof value === 'string' ? value : JSON.stringify(value)}</code></td></tr>`)}</tbody></table>`;
}

function tasksTable(tasks: readonly Task[], names: ReadonlyMap<string, string>, people: People): TemplateResult {
  if (tasks.length === 0) return html`<p class="zf-muted">${t('instance.noOpenTasks')}</p>`;
  return html`<ul data-testid="instance-tasks">${tasks.map((task) => html`<li>
    <a data-link href=${`${InboxPath.task}${encodeURIComponent(task.id)}`}>${task.name ?? names.get(task.activityId) ?? task.activityId}</a>
    · ${task.assignee ? person(task.assignee, people) : task.candidateGroups.join(', ')} · ${deadlineBadge(task.createdAt, task.dueAt, task, Date.now(), task.id)}</li>`)}</ul>`;
}

export const instancePage: Page = async (container) => {
  const id = idAfter(InboxPath.instance, location.pathname);
  const session = loadSession();
  if (!id || !session) { navigate(InboxPath.inbox); return; }
  render(html`${navBar(InboxPath.inbox)}<main><p>${t('common.loading')}</p></main>`, container);
  let context: InstanceContext;
  try {
    context = await load(id);
  } catch (error) {
    render(html`${navBar(InboxPath.inbox)}<main><p class="zf-status zf-error" role="alert" data-testid="instance-error">${errorMessage(error)}</p></main>`, container);
    return;
  }
  const { instance, history, tasks, timers, xml, people, caps } = context;
  const names = xml ? elementNames(xml) : new Map<string, string>();
  const types = xml ? elementTypes(xml) : new Map<string, string>();
  const admin = session.user.roles.includes('admin');
  let full = false;
  let message = '';
  const attachments = attachmentsSection(instance.id, instance.state === 'active');
  const caseCodes = admin ? caseCodesSection(instance.id, people) : undefined;
  const migration = admin && instance.state === 'active' ? migrateSection(instance, () => navigate(location.pathname)) : undefined;
  // 抄送 and 撤回 act on the instance; the dialogs take a task-shaped target whose instance id is this one.
  const target = tasks[0] ?? { id: '', name: null, activityId: '', processInstanceId: instance.id, definitionId: instance.definitionId,
    state: 'completed', assignee: null, candidateUsers: [], candidateGroups: [], formKey: null, createdAt: instance.startedAt, dueAt: null, completedAt: null };
  const act = async (run: () => Promise<boolean>) => {
    try {
      if (await run()) navigate(location.pathname);
    } catch (error) {
      message = errorMessage(error);
      draw();
    }
  };
  const opButton = (operation: typeof Operation.cc | typeof Operation.withdraw) => {
    const available = caps.has('post', operationRoute[operation]);
    return html`<button type="button" data-testid=${`op-${operation}`} ?disabled=${!available || (operation === Operation.withdraw && instance.state !== 'active')}
      title=${available ? '' : t('op.unavailable', { route: `POST ${operationRoute[operation]}` })}
      @click=${() => void act(() => runOperation(operation, target, names, undefined))}>${t(operationLabel[operation])}</button>`;
  };
  const draw = () => render(html`${navBar(InboxPath.inbox)}<main class="zf-instance-page" data-testid="instance-page" data-instance-id=${instance.id}>
    <header class="zf-page-head"><div>
      <h1>${names.get(instance.definitionKey) ?? instance.definitionKey} ${instance.businessKey ? html`<small>${instance.businessKey}</small>` : ''}</h1>
      <div class="zf-muted">${t('instance.state')}: <span data-testid="instance-state" data-state=${instance.state}>${stateLabel(instance.state)}</span>
        · ${t('instance.started')}: ${formatDateTime(instance.startedAt)}${instance.endedAt ? ` · ${t('instance.ended')}: ${formatDateTime(instance.endedAt)}` : ''}</div></div>
      <div class="zf-toolbar">${opButton(Operation.cc)}${opButton(Operation.withdraw)}
        ${admin && instance.state === 'active' ? html`<button type="button" data-testid="cancel-instance"
          @click=${() => void act(() => cancelInstance(instance.id))}>${t('admin.cancel')}</button>` : ''}</div></header>
    ${message ? html`<p class="zf-status zf-error" role="alert">${message}</p>` : ''}
    <div class="zf-task-columns">
      <section class="zf-task-main">
        <h2>${t('task.diagram')}</h2><div class="zf-diagram" data-testid="diagram"></div>
        <h2>${t('instance.openTasks')}</h2>${tasksTable(tasks.filter((task) => task.state === 'open'), names, people)}
        <h2>${t('instance.timers')}</h2>${timers === undefined ? html`<p class="zf-muted">${t('instance.timersUnavailable')}</p>` : timersTable(timers, names)}
        <h2>${t('instance.variables')}</h2>${variablesTable(instance.variables)}
        <h2>${t('task.attachments')}</h2>${attachments}
        ${caseCodes ? html`<h2>${t('caseCode.heading')}</h2>${caseCodes}` : ''}
        ${migration ? html`<h2>${t('migrate.heading')}</h2>${migration}` : ''}
      </section>
      <section class="zf-task-side">
        <h2>${t('task.timeline')} <label class="zf-muted"><input type="checkbox" data-testid="timeline-full" ?checked=${full}
          @change=${() => { full = !full; draw(); }}> ${t('instance.fullTimeline')}</label></h2>
        ${timeline(history, names, full, people, types)}
      </section>
    </div></main>`, container);
  draw();
  const diagramHost = container.querySelector<HTMLElement>('[data-testid="diagram"]');
  if (diagramHost && xml) {
    await showDiagram(diagramHost, xml, stepsOf(history), instance.activeActivityIds).catch((error: unknown) => {
      diagramHost.textContent = errorMessage(error);
    });
  }
};
