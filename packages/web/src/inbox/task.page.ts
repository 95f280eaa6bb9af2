import './inbox.css';
import { ApiPath, type HistoryEntry, type ProcessInstance, type Task } from '@zhifa/api-types';
import { html, render, type TemplateResult } from 'lit-html';
import { formatDateTime } from '../app/download.js';
import { navBar } from '../app/nav.js';
import { navigate, type Page } from '../app/router.js';
import { loadSession } from '../app/session.js';
import { t } from '../i18n/i18n.js';
import { showDiagram, stepsOf } from '../instances/diagram-view.js';
import { loadPeople, person, type People } from '../instances/people.js';
import { opinionsOf, timeline, type ElementTypes } from '../instances/timeline.js';
import { attachmentsSection } from './attachments.js';
import { elementNames, elementTypes } from './bpmn-xml.js';
import { loadCapabilities, type Capabilities } from './capabilities.js';
import { deadlineBadge } from './deadline-badge.js';
import { loadFormSchema, renderForm, type FormView } from './form-view.js';
import { callJson, callText, errorMessage, routeOf } from './inbox-api.js';
import { idAfter, InboxPath } from './inbox-routes.js';
import { runOperation } from './operation-dialogs.js';
import { isAllowed, Operation, operationLabel, operationRoute, OPERATIONS } from './operations.js';
import { stateLabel } from './state-label.js';

interface TaskContext {
  readonly task: Task;
  readonly instance: ProcessInstance | undefined;
  readonly history: readonly HistoryEntry[];
  readonly xml: string | undefined;
  readonly names: ReadonlyMap<string, string>;
  readonly types: ElementTypes;
  readonly people: People;
  readonly caps: Capabilities;
}

const Outcome = { approve: 'approve', reject: 'reject' } as const;

async function load(id: string): Promise<TaskContext> {
  const [task, caps] = await Promise.all([callJson<Task>(routeOf(ApiPath.task, { id })), loadCapabilities()]);
  // A candidate may see the task but not (yet) its instance: show what is visible rather than nothing.
  const [instance, history, xml, people] = await Promise.all([
    callJson<ProcessInstance>(routeOf(ApiPath.processInstance, { id: task.processInstanceId })).catch(() => undefined),
    callJson<readonly HistoryEntry[]>(routeOf(ApiPath.processInstanceHistory, { id: task.processInstanceId })).catch(() => []),
    callText(routeOf(ApiPath.processDefinitionXml, { id: task.definitionId })).catch(() => undefined),
    loadPeople(task.processInstanceId),
  ]);
  return { task, instance, history, xml, caps, people, names: xml ? elementNames(xml) : new Map(), types: xml ? elementTypes(xml) : new Map() };
}

function opinionsList(history: readonly HistoryEntry[], names: ReadonlyMap<string, string>, people: People): TemplateResult {
  const opinions = opinionsOf(history);
  if (opinions.length === 0) return html`<p class="zf-muted" data-testid="opinions-empty">${t('task.noOpinions')}</p>`;
  return html`<ul class="zf-opinions" data-testid="opinions">${opinions.map((o) => html`<li>
    <strong>${o.activityId ? (names.get(o.activityId) ?? o.activityId) : ''}</strong> ${o.actor ? person(o.actor, people) : ''}
    <span class="zf-muted">${formatDateTime(o.at)}</span>
    ${o.outcome ? html`<span class="zf-outcome">${o.outcome === Outcome.reject ? t('task.reject') : t('task.approve')}</span>` : ''}
    <q>${o.text}</q></li>`)}</ul>`;
}

export const taskPage: Page = async (container) => {
  const id = idAfter(InboxPath.task, location.pathname);
  const session = loadSession();
  if (!id || !session) { navigate(InboxPath.inbox); return; }
  render(html`${navBar(InboxPath.inbox)}<main><p>${t('common.loading')}</p></main>`, container);
  let context: TaskContext;
  try {
    context = await load(id);
  } catch (error) {
    render(html`${navBar(InboxPath.inbox)}<main><p class="zf-status zf-error" role="alert" data-testid="task-error">${errorMessage(error)}</p></main>`, container);
    return;
  }
  const { task, instance, history, xml, names, types, people, caps } = context;
  const userId = session.user.id;
  const viewer = { id: userId, groups: session.user.groups, admin: session.user.roles.includes('admin') };
  const canComplete = isAllowed(Operation.complete, task, viewer) && task.assignee !== null;
  let form: FormView | undefined;
  let opinion = '';
  let outcome: string = Outcome.approve;
  let message: TemplateResult | string = '';
  const attachments = attachmentsSection(task.processInstanceId, task.state === 'open');

  const act = async (operation: Operation) => {
    message = '';
    try {
      if (operation === Operation.complete) {
        const data = form ? form.submit() : {};
        if (data === undefined) { message = t('task.formInvalid'); draw(); return; }
        await callJson(routeOf(operationRoute.complete, { id: task.id }), {
          // 审批意见 and 通过/不通过 go with the completion: the engine records them on its task.operation entry
          method: 'POST', body: { variables: data, ...(opinion.trim() && { opinion: opinion.trim() }), outcome },
        });
        navigate(`${InboxPath.inbox}?view=todo`);
        return;
      }
      const returnTargets = operation === Operation.return
        ? await callJson<unknown>(routeOf('/api/tasks/:id/return-targets', { id: task.id })) : undefined;
      if (await runOperation(operation, task, names, returnTargets)) navigate(location.pathname);
    } catch (error) {
      message = errorMessage(error);
      draw();
    }
  };

  const button = (operation: Operation) => {
    const route = operationRoute[operation];
    const available = caps.has('post', route) && (operation !== Operation.return || caps.has('get', '/api/tasks/:id/return-targets'));
    const label = operation === Operation.complete ? t('task.submit') : t(operationLabel[operation]);
    return html`<button type="button" data-testid=${`op-${operation}`} class=${operation === Operation.complete ? 'zf-primary' : ''}
      ?disabled=${!available || (operation === Operation.complete && !canComplete)}
      title=${available ? '' : t('op.unavailable', { route: `POST ${route}` })} @click=${() => void act(operation)}>${label}</button>`;
  };

  const draw = () => render(html`${navBar(InboxPath.inbox)}<main class="zf-task-page" data-testid="task-page" data-task-id=${task.id}>
    <header class="zf-page-head"><div>
        <h1 data-testid="task-name">${task.name ?? task.activityId}</h1>
        <div class="zf-muted">${instance?.definitionKey ?? task.definitionId} · ${instance?.businessKey ?? ''}
          · <a data-link href=${`${InboxPath.instance}${encodeURIComponent(task.processInstanceId)}`} data-testid="open-instance">${t('task.openInstance')}</a></div>
      </div>
      <div>${t('task.state')}: <span data-testid="task-state" data-state=${task.state}>${stateLabel(task.state)}</span> · ${t('task.assignee')}: <span data-testid="task-assignee">${task.assignee ? person(task.assignee, people) : t('inbox.state.claimable')}</span>
        · ${deadlineBadge(task.createdAt, task.dueAt, task, task.completedAt ? Date.parse(task.completedAt) : Date.now(), task.id)}</div></header>
    ${message ? html`<p class="zf-status zf-error" role="alert" data-testid="task-message">${message}</p>` : ''}
    <div class="zf-toolbar zf-operations" data-testid="operations">${OPERATIONS.filter((op) => isAllowed(op, task, viewer)).map(button)}</div>
    <div class="zf-task-columns">
      <section class="zf-task-main">
        <h2>${t('task.form')}</h2><div class="zf-task-form" data-testid="task-form"></div>
        ${task.state === 'open' ? html`<h2>${t('task.opinion')}</h2>
          <textarea class="zf-opinion" data-testid="opinion" rows="3" ?disabled=${!canComplete} .value=${opinion}
            @input=${(e: Event) => { opinion = e.target instanceof HTMLTextAreaElement ? e.target.value : ''; }}></textarea>
          <div class="zf-outcomes" data-testid="outcome">${[Outcome.approve, Outcome.reject].map((value) => html`<label>
            <input type="radio" name="outcome" value=${value} ?checked=${outcome === value} ?disabled=${!canComplete}
              @change=${() => { outcome = value; }}> ${value === Outcome.approve ? t('task.approve') : t('task.reject')}</label>`)}</div>
          ${task.assignee === null ? html`<p class="zf-muted">${t('task.claimFirst')}</p>` : ''}` : ''}
        <h2>${t('task.opinions')}</h2>${opinionsList(history, names, people)}
        <h2>${t('task.attachments')}</h2>${attachments}
      </section>
      <section class="zf-task-side">
        <h2>${t('task.diagram')}</h2><div class="zf-diagram" data-testid="diagram"></div>
        <h2>${t('task.timeline')}</h2>${timeline(history, names, false, people, types)}
      </section>
    </div></main>`, container);
  draw();

  const formHost = container.querySelector<HTMLElement>('[data-testid="task-form"]');
  const diagramHost = container.querySelector<HTMLElement>('[data-testid="diagram"]');
  if (formHost) {
    const schema = task.formKey ? await loadFormSchema(task.formKey).catch(() => undefined) : undefined;
    if (schema === undefined) formHost.textContent = task.formKey ? t('task.formMissing', { key: task.formKey }) : t('task.noForm');
    else form = await renderForm(formHost, schema, { ...instance?.variables }, !canComplete);
  }
  if (diagramHost && xml) {
    await showDiagram(diagramHost, xml, stepsOf(history), instance?.activeActivityIds ?? [task.activityId]).catch((error: unknown) => {
      diagramHost.textContent = errorMessage(error);
    });
  }
  return () => form?.destroy();
};
