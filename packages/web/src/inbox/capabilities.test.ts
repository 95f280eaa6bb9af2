import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from './capabilities.js';

const paths = {
  '/api/tasks': { get: { parameters: [{ name: 'assignee', in: 'query' }, { name: 'view', in: 'query', schema: { enum: ['todo', 'done'] } }] } },
  '/api/tasks/{id}/claim': { post: {} },
  '/api/audit/verify': { get: {} },
};

describe('route capabilities from the OpenAPI document', () => {
  it('knows which routes exist, in Express spelling', () => {
    const caps = capabilitiesOf(paths);
    expect(caps.has('post', '/api/tasks/:id/claim')).toBe(true);
    expect(caps.has('post', '/api/tasks/:id/transfer')).toBe(false);
    expect(caps.has('get', '/api/tasks/:id/claim')).toBe(false);
  });

  it('reads query parameters and their allowed values', () => {
    const caps = capabilitiesOf(paths);
    expect([...caps.queryParams('/api/tasks')]).toEqual(['assignee', 'view']);
    expect([...caps.queryValues('/api/tasks', 'view')]).toEqual(['todo', 'done']);
    expect(caps.queryValues('/api/tasks', 'assignee').size).toBe(0);
  });

  it('finds routes by pattern', () => {
    expect(capabilitiesOf(paths).find(/\/audit/)).toEqual([{ method: 'get', path: '/api/audit/verify' }]);
    expect(capabilitiesOf({}).find(/./)).toEqual([]);
  });
});
