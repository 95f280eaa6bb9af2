import { html, type TemplateResult } from 'lit-html';
import { callJson, routeOf } from '../inbox/inbox-api.js';

/** User and unit ids → display names, for one instance's timeline. */
export type People = ReadonlyMap<string, string>;

/** `GET /api/process-instances/:id/names`: the display names of whom and which units its history names. */
export const NAMES_ROUTE = '/api/process-instances/:id/names';

function entries(value: unknown, list: string, label: string): [string, string][] {
  const items: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, list) : undefined;
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const id: unknown = Reflect.get(item, 'id');
    const name: unknown = Reflect.get(item, label);
    return typeof id === 'string' && typeof name === 'string' && name ? [[id, name] as [string, string]] : [];
  });
}

/** The names of an instance's people and units; none (ids are shown) when the server does not give them. */
export async function loadPeople(instanceId: string): Promise<People> {
  const body = await callJson<unknown>(routeOf(NAMES_ROUTE, { id: instanceId })).catch(() => undefined);
  return new Map([...entries(body, 'users', 'displayName'), ...entries(body, 'units', 'name')]);
}

/** A person (or unit) by display name, the id kept in the title. */
export function person(id: string, people: People): TemplateResult {
  return html`<span class="zf-person" title=${id} data-id=${id}>${people.get(id) ?? id}</span>`;
}
