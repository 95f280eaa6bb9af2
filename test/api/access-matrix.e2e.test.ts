import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './support/harness.js';
import { deployUserTask, startWithTask, type TaskBody } from './support/scenario.js';
import { accessMatrix, Caller } from './support/access-matrix.js';

let server: TestServer;
const clients = new Map<Caller, ApiClient>();

beforeAll(async () => {
  server = await startTestServer();
  await server.zhifa.addUser({ username: Caller.sameUnit, displayName: '稽查科科员', password: DEMO_PASSWORD, roles: ['staff'], unitId: 'unit-scjgj-jck' });
  const anonymous = new ApiClient(server.url);
  for (const caller of Object.keys(Caller) as Caller[]) {
    clients.set(caller, caller === 'anonymous' ? anonymous : await anonymous.as(Caller[caller]));
  }
  await deployUserTask(server.url, { key: 'matrix', candidateGroups: 'unit-scjgj-fzk' });
});
afterAll(async () => {
  await server?.close();
});

/** A fresh case per cell, so a permitted change never affects the next caller. */
async function fixture(): Promise<{ instanceId: string; taskId: string }> {
  const { instance, task } = await startWithTask(clients.get('initiator')!, 'matrix', { businessKey: 'MATRIX' });
  const claimed = await clients.get('assignee')!.post<TaskBody>(`/api/tasks/${task.id}/claim`);
  if (claimed.status !== 200) throw new Error(`claim failed: ${claimed.status}`);
  return { instanceId: instance.id, taskId: task.id };
}

describe('S6: role × object matrix for every :id route', () => {
  it('matches the checked-in allow/deny table in every cell', { timeout: 120_000 }, async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const route of accessMatrix) {
      for (const caller of Object.keys(Caller) as Caller[]) {
        const ids = await fixture();
        const reply = await clients.get(caller)!.request(route.method, route.path(ids), route.body);
        cells += 1;
        if (reply.status !== route.expect[caller]) {
          mismatches.push(`${route.name} as ${caller}: expected ${route.expect[caller]}, got ${reply.status}`);
        }
      }
    }
    console.log(`S6: ${cells - mismatches.length}/${cells} cells equal to the table`);
    expect(mismatches).toEqual([]);
  });
});
