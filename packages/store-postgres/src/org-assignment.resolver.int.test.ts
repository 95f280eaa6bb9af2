import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssignmentRequest } from '@zhifa/engine';
import { openTestStore } from './int-test-support.js';
import { PostgresAssignmentResolver } from './org-assignment.resolver.js';
import { seedDemoOrganisation, type DemoOrganisation } from './seed-demo.js';

describe('PostgresAssignmentResolver', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let demo: DemoOrganisation;
  const resolver = new PostgresAssignmentResolver();
  const ask = (orgAssignment: AssignmentRequest['orgAssignment']) =>
    store.db.transaction((tx) => resolver.resolve(tx, { instanceId: 'i', taskId: 't', elementId: 'review', orgAssignment }));

  beforeAll(async () => {
    store = await openTestStore('orgres');
    demo = await store.db.transaction((tx) => seedDemoOrganisation(tx, { password: 'demo-pass-1' }));
  });
  afterAll(async () => store.dispose());

  it('given a unit id without role, when resolved, then the unit is the candidate group', async () => {
    expect(await ask({ unit: demo.units['scjgj-jck'] })).toEqual({ candidateUsers: [], candidateGroups: [demo.units['scjgj-jck']] });
  });

  it('given a unit code, relation upper and role leader, when resolved, then the leader of the bureau above is the candidate', async () => {
    expect(await ask({ unit: 'scjgj-jck', relation: 'upper', role: 'leader' })).toEqual({ candidateUsers: [demo.users['scjgj.leader']], candidateGroups: [] });
  });

  it('given the legal-affairs section tag, when the bureau has its own 法制科, then that section; otherwise the justice bureau\'s', async () => {
    expect(await ask({ unit: demo.units['scjgj-jck'], section: 'legal-affairs', role: 'member' })).toEqual({ candidateUsers: [demo.users['li.si']], candidateGroups: [] });
    expect(await ask({ unit: demo.units['sthjj-zfk'], section: 'legal-affairs' })).toEqual({ candidateUsers: [], candidateGroups: [demo.units['sfj-fzk']] });
  });

  it('given an unknown unit or a role nobody holds, when resolved, then nobody', async () => {
    expect(await ask({ unit: 'no-such-unit' })).toEqual({ candidateUsers: [], candidateGroups: [] });
    expect(await ask({ unit: demo.units['sthjj-zfk'], role: 'admin' })).toEqual({ candidateUsers: [], candidateGroups: [] });
  });
});
