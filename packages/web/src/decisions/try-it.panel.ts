import { html, nothing, type TemplateResult } from 'lit-html';
import { ApiError } from '../app/api-client.js';
import { t } from '../i18n/i18n.js';
import { evaluateDecision, type DecisionEvaluation, type DecisionSummary, type MatchedRule } from './decisions-api.js';
import { fieldsOf, valueOf, type TryItField } from './try-it-form.js';

/** What the last evaluation gave: a result, or the server's refusal naming rules or an input. */
export type TryItOutcome =
  | { readonly type: 'none' }
  | { readonly type: 'result'; readonly evaluation: DecisionEvaluation }
  | { readonly type: 'failed'; readonly message: string; readonly ruleIds: readonly string[]; readonly inputId: string | undefined };

export interface TryItTarget {
  readonly decision: DecisionSummary;
  /** The deployed version evaluated. */
  readonly version: number;
}

/** Evaluates the deployed decision with the form's values. */
export async function runTryIt(target: TryItTarget, form: HTMLFormElement): Promise<TryItOutcome> {
  const { fields } = fieldsOf(target.decision.table?.inputs ?? []);
  const data = new FormData(form);
  const variables = Object.fromEntries(fields.map((field) => [field.variable, valueOf(field.kind, String(data.get(field.variable) ?? ''))]));
  try {
    return { type: 'result', evaluation: await evaluateDecision(target.decision.id, target.version, variables) };
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    const ruleIds = readStrings(cause.details, 'ruleIds');
    const input: unknown = typeof cause.details === 'object' && cause.details !== null ? Reflect.get(cause.details, 'input') : undefined;
    const inputId: unknown = typeof input === 'object' && input !== null ? Reflect.get(input, 'id') : undefined;
    return { type: 'failed', message: cause.message, ruleIds, inputId: typeof inputId === 'string' ? inputId : undefined };
  }
}

function readStrings(details: unknown, name: string): string[] {
  const value: unknown = typeof details === 'object' && details !== null ? Reflect.get(details, name) : undefined;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function control(field: TryItField): TemplateResult {
  const name = field.variable;
  switch (field.kind.type) {
    case 'boolean':
      return html`<select name=${name} data-testid="try-input" data-variable=${name}>
        <option value="">${t('decisions.unset')}</option><option value="true">${t('decisions.yes')}</option><option value="false">${t('decisions.no')}</option>
      </select>`;
    case 'choice':
      return html`<select name=${name} data-testid="try-input" data-variable=${name}>
        <option value="">${t('decisions.unset')}</option>${field.kind.options.map((option) => html`<option value=${option}>${option}</option>`)}
      </select>`;
    case 'number':
      return html`<input type="number" step="any" name=${name} data-testid="try-input" data-variable=${name} />`;
    case 'date':
      return html`<input type="date" name=${name} data-testid="try-input" data-variable=${name} />`;
    case 'time':
      return html`<input type="time" step="1" name=${name} data-testid="try-input" data-variable=${name} />`;
    case 'datetime':
      return html`<input type="datetime-local" name=${name} data-testid="try-input" data-variable=${name} />`;
    case 'text':
      return html`<input type="text" name=${name} data-testid="try-input" data-variable=${name} />`;
    default: {
      const unknown: never = field.kind;
      return unknown;
    }
  }
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? t('decisions.yes') : t('decisions.no');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The result as rows: one per output of a single-row result, else the value itself. */
function resultRows(result: unknown): [string, unknown][] {
  if (typeof result === 'object' && result !== null && !Array.isArray(result)) return Object.entries(result);
  return [[t('decisions.result'), result]];
}

/** An output's label (e.g. 罚款下限（元）) where the table gives one, else its name. */
function outputLabel(target: TryItTarget, name: string): string {
  return target.decision.table?.outputs.find((output) => output.name === name)?.label ?? name;
}

function annotationLabel(column: string): string {
  return column === 'legalBasis' ? t('decisions.legalBasis') : column;
}

function matchedRule(rule: MatchedRule): TemplateResult {
  return html`<li data-testid="matched-rule" data-rule-id=${rule.ruleId}>
    <strong>${t('decisions.rule', { number: rule.ruleIndex + 1, id: rule.ruleId })}</strong>
    ${Object.entries(rule.annotations).map(([column, text]) => html`<div class="zf-annotation">
      <span class="zf-muted">${annotationLabel(column)}</span>
      <p data-testid=${column === 'legalBasis' ? 'legal-basis' : 'annotation'}>${text}</p>
    </div>`)}
  </li>`;
}

function outcomeView(target: TryItTarget, outcome: TryItOutcome): TemplateResult | typeof nothing {
  switch (outcome.type) {
    case 'none':
      return nothing;
    case 'failed':
      return html`<p class="zf-status zf-error" role="alert" data-testid="try-error">${t('decisions.failed', { message: outcome.message })}</p>`;
    case 'result': {
      const { evaluation } = outcome;
      return html`<section data-testid="try-result">
        <h3>${t('decisions.result')}</h3>
        <table class="zf-table"><tbody>${resultRows(evaluation.result).map(([name, value]) => html`<tr data-output=${name}><th>${outputLabel(target, name)}</th><td>${display(value)}</td></tr>`)}</tbody></table>
        <h3>${t('decisions.matched')}</h3>
        ${evaluation.matchedRules.length === 0 ? html`<p data-testid="no-match">${t('decisions.noMatch')}</p>` : html`<ol class="zf-matched">${evaluation.matchedRules.map(matchedRule)}</ol>`}
      </section>`;
    }
    default: {
      const unknown: never = outcome;
      return unknown;
    }
  }
}

/** The "试算" panel: a form built from the table's inputs, then the result and the rows that applied. */
export function tryItPanel(target: TryItTarget | undefined, outcome: TryItOutcome, unsaved: boolean, onSubmit: (form: HTMLFormElement) => void): TemplateResult {
  if (!target) return html`<h2>${t('decisions.tryIt')}</h2><p class="zf-muted">${t('decisions.tryItDeployFirst')}</p>`;
  const table = target.decision.table;
  if (!table) return html`<h2>${t('decisions.tryIt')}</h2><p class="zf-muted">${t('decisions.noTable')}</p>`;
  const { fields, computed } = fieldsOf(table.inputs);
  const submit = (event: Event) => {
    event.preventDefault();
    if (event.currentTarget instanceof HTMLFormElement) onSubmit(event.currentTarget);
  };
  return html`<h2>${t('decisions.tryIt')}</h2>
    <p class="zf-muted">${t('decisions.tryItHint', { name: target.decision.name, version: target.version })}</p>
    ${unsaved ? html`<p class="zf-status" data-testid="try-unsaved">${t('decisions.tryItUnsaved')}</p>` : nothing}
    <form class="zf-try-form" data-testid="try-form" @submit=${submit}>
      ${fields.map((field) => html`<label data-input-id=${field.column.id}>
        <span>${field.column.label ?? field.variable}</span>${control(field)}
      </label>`)}
      ${computed.length ? html`<p class="zf-muted">${t('decisions.computedInputs', { inputs: computed.map((c) => c.label ?? c.expression).join('、') })}</p>` : nothing}
      <button type="submit" class="zf-primary" data-testid="try-submit">${t('decisions.evaluate')}</button>
    </form>
    ${outcomeView(target, outcome)}`;
}
