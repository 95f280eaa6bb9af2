import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployVersioned, getDeployment, getDeploymentResource, listDeployments, saveDeployment } from './deployment.repository.js';
import { openTestStore } from './int-test-support.js';

const definition = (processId: string, checksum: string, deploymentId = `dep-${checksum}`) => ({
  id: `def-${processId}-${checksum}-${Math.random().toString(36).slice(2)}`,
  processId,
  deploymentId,
  xml: `<definitions>${checksum}</definitions>`,
  checksum,
  deployedAt: '2026-01-05T08:00:00.000Z',
});

describe('deployments and definition versions', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => {
    store = await openTestStore('dep');
  });
  afterAll(async () => store.dispose());

  it('given a process key, when XML a, a again, b, then a is version 1 (reused), b version 2, other keys start at 1', async () => {
    const insert = (processId: string, checksum: string) =>
      store.instances.transaction((tx) => store.definitions.insert(tx, definition(processId, checksum)));
    const a = await insert('ledger', 'aaa');
    const again = await insert('ledger', 'aaa');
    const b = await insert('ledger', 'bbb');
    const other = await insert('filing', 'aaa');
    expect([a.version, again.version, b.version, other.version]).toEqual([1, 1, 2, 1]);
    expect(again.id).toBe(a.id);
    expect((await store.definitions.latest('ledger'))?.id).toBe(b.id);
    expect((await store.definitions.get(a.id))?.xml).toBe('<definitions>aaa</definitions>');
  });

  it('given 10 concurrent deploys of different XML for one key, when they commit, then versions are exactly 1..10', async () => {
    const stored = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.instances.transaction((tx) => store.definitions.insert(tx, definition('busy', `x${i}`)))),
    );
    expect(stored.map((d) => d.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('given a deployment the engine created, when the server records its resources, then name, deployer and content are kept', async () => {
    const [def] = await store.definitions.list({ processId: 'filing' });
    await saveDeployment(store.db, {
      id: def!.deploymentId,
      name: '备案',
      deployedBy: 'analyst',
      resources: [{ name: 'filing.bpmn', content: def!.xml, kind: 'bpmn' }],
    });
    const deployment = await getDeployment(store.db, def!.deploymentId);
    expect(deployment).toMatchObject({ name: '备案', deployedBy: 'analyst', resources: [{ name: 'filing.bpmn', kind: 'bpmn' }] });
    expect((await getDeploymentResource(store.db, def!.deploymentId, 'filing.bpmn'))?.content).toBe(def!.xml);
    expect((await listDeployments(store.db)).map((d) => d.id)).toContain(def!.deploymentId);
  });

  it('given a form, when deployed unchanged and then changed, then its versions are 1, 1, 2', async () => {
    const form = (content: string) =>
      store.db.transaction(async (tx) => {
        const deployment = await saveDeployment(tx, { resources: [{ name: 'review.form', content, kind: 'form' }] });
        return deployVersioned(tx, 'form', { key: 'review-form', deploymentId: deployment.id, content });
      });
    const first = await form('{"components":[]}');
    const same = await form('{"components":[]}');
    const changed = await form('{"components":[{"type":"textfield"}]}');
    expect([first.created, same.created, changed.created]).toEqual([true, false, true]);
    expect([first.definition.version, same.definition.version, changed.definition.version]).toEqual([1, 1, 2]);
  });
});
