import type { DecisionInputColumn } from './decisions-api.js';

/** How one input column is asked for in the "try it" form, from its typeRef and input values. */
export type FieldKind =
  | { readonly type: 'boolean' }
  | { readonly type: 'number' }
  | { readonly type: 'choice'; readonly options: readonly string[] }
  | { readonly type: 'date' }
  | { readonly type: 'time' }
  | { readonly type: 'datetime' }
  | { readonly type: 'text' };

export interface TryItField {
  readonly column: DecisionInputColumn;
  /** The variable the column reads (its input expression when that is a plain name). */
  readonly variable: string;
  readonly kind: FieldKind;
}

const PLAIN_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const NUMBER_TYPES = new Set(['number', 'integer', 'long', 'double']);

/** `"轻微","一般"` → ['轻微', '一般']; undefined unless every entry is a plain string literal. */
export function stringChoices(inputValues: string | null): string[] | undefined {
  if (!inputValues?.trim()) return undefined;
  const entries = inputValues.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((entry) => entry.trim());
  const literals = entries.map((entry) => /^"((?:[^"\\]|\\.)*)"$/.exec(entry)?.[1]);
  return literals.every((value) => value !== undefined) ? literals.map((value) => (value ?? '').replace(/\\(.)/g, '$1')) : undefined;
}

export function kindOf(column: DecisionInputColumn): FieldKind {
  const type = column.typeRef ?? '';
  if (type === 'boolean') return { type: 'boolean' };
  if (NUMBER_TYPES.has(type)) return { type: 'number' };
  if (type === 'date') return { type: 'date' };
  if (type === 'time') return { type: 'time' };
  if (type === 'dateTime' || type === 'date and time') return { type: 'datetime' };
  const options = stringChoices(column.inputValues);
  return options ? { type: 'choice', options } : { type: 'text' };
}

/** The fields of a table's inputs; columns with a computed expression (not a plain name) cannot be asked for. */
export function fieldsOf(inputs: readonly DecisionInputColumn[]): { fields: TryItField[]; computed: DecisionInputColumn[] } {
  const fields: TryItField[] = [];
  const computed: DecisionInputColumn[] = [];
  for (const column of inputs) {
    const variable = column.expression.trim();
    if (PLAIN_NAME.test(variable)) fields.push({ column, variable, kind: kindOf(column) });
    else computed.push(column);
  }
  return { fields, computed };
}

/** The variable value of a form entry: empty is null (the table's "-" cells still match). */
export function valueOf(kind: FieldKind, raw: string): unknown {
  if (raw === '') return null;
  switch (kind.type) {
    case 'boolean':
      return raw === 'true';
    case 'number': {
      const number = Number(raw);
      return Number.isFinite(number) ? number : raw;
    }
    case 'datetime':
      // datetime-local gives no seconds; FEEL date and time wants them.
      return /T\d\d:\d\d$/.test(raw) ? `${raw}:00` : raw;
    case 'choice':
    case 'date':
    case 'time':
    case 'text':
      return raw;
    default: {
      const unknown: never = kind;
      return unknown;
    }
  }
}
