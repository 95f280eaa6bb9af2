import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from './int-test-support.js';
import {
  ancestorUnits,
  descendantUnitIds,
  enclosingUnitOfKind,
  findNearestUnitByTag,
  legalAffairsSectionFor,
  responsibleUserOf,
  unitMembers,
  upperLevelUnit,
  UnitTag,
} from './org.repository.js';
import { hashPassword, verifyPassword } from './password.js';
import { seedDemoOrganisation, type DemoOrganisation } from './seed-demo.js';
import { DuplicateError } from './store-errors.js';
import { createUser, verifyUserCredentials } from './user.repository.js';

describe('organisation and users', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let demo: DemoOrganisation;
  const unit = (code: string): string => demo.units[code]!;

  beforeAll(async () => {
    store = await openTestStore('org');
    demo = await store.db.transaction((tx) => seedDemoOrganisation(tx, { password: 'demo-pass-1' }));
  });
  afterAll(async () => store.dispose());

  it('given the demo was seeded, when seeded again, then nothing changes', async () => {
    const before = await store.db.query(`SELECT id, password_hash FROM app_user ORDER BY id`);
    const again = await store.db.transaction((tx) => seedDemoOrganisation(tx, { password: 'another-password' }));
    expect(again.created).toEqual({ units: 0, users: 0 });
    expect(again.units).toEqual(demo.units);
    expect(await store.db.query(`SELECT id, password_hash FROM app_user ORDER BY id`)).toEqual(before);
    expect(demo.created.units).toBeGreaterThanOrEqual(11);
  });

  it('given a section of the market bureau, when asked for its legal-affairs section, then it is its own bureau\'s 法制科', async () => {
    const section = await legalAffairsSectionFor(store.db, unit('scjgj-jck'));
    expect(section?.id).toBe(unit('scjgj-fzk'));
  });

  it('given the environment bureau without a 法制科, when asked, then the justice bureau\'s 法制科 reviews for it', async () => {
    expect((await legalAffairsSectionFor(store.db, unit('sthjj-zfk')))?.id).toBe(unit('sfj-fzk'));
    expect((await legalAffairsSectionFor(store.db, unit('zhen-qingshan')))?.id).toBe(unit('sfj-fzk'));
    // Without a preference the nearest level is ambiguous, but a result is still given.
    expect(await findNearestUnitByTag(store.db, unit('sthjj'), UnitTag.legalAffairs)).toBeDefined();
  });

  it('given the tree, when walking it, then upper level, ancestors, enclosing bureau and descendants agree', async () => {
    expect((await upperLevelUnit(store.db, unit('scjgj-fzk')))?.id).toBe(unit('scjgj'));
    expect((await upperLevelUnit(store.db, unit('scjgj')))?.id).toBe(unit('city'));
    expect(await upperLevelUnit(store.db, unit('city'))).toBeUndefined();
    expect((await ancestorUnits(store.db, unit('scjgj-fzk'))).map((u) => u.id)).toEqual([unit('scjgj'), unit('city')]);
    expect((await enclosingUnitOfKind(store.db, unit('sfj-fzk'), ['bureau', 'township']))?.id).toBe(unit('sfj'));
    expect((await descendantUnitIds(store.db, [unit('scjgj')])).sort()).toEqual([unit('scjgj'), unit('scjgj-fzk'), unit('scjgj-jck')].sort());
  });

  it('given leaders were seeded, when asked who answers for a unit, then it is its leader', async () => {
    expect(await responsibleUserOf(store.db, unit('scjgj'))).toBe(demo.users['scjgj.leader']);
    expect((await unitMembers(store.db, unit('sfj-fzk'), 'member')).map((u) => u.username)).toEqual(['wang.wu']);
  });

  it('given demo users, when they log in, then only the right password works and unknown users fail alike', async () => {
    expect((await verifyUserCredentials(store.db, 'zhang.san', 'demo-pass-1'))?.username).toBe('zhang.san');
    expect(await verifyUserCredentials(store.db, 'zhang.san', 'demo-pass-2')).toBeUndefined();
    expect(await verifyUserCredentials(store.db, 'nobody', 'demo-pass-1')).toBeUndefined();
  });

  it('given a taken username, when created again, then DuplicateError', async () => {
    await expect(createUser(store.db, { username: 'admin', displayName: 'x' })).rejects.toBeInstanceOf(DuplicateError);
  });
});

describe('password hashing', () => {
  it('given a hash, when verified, then the same password matches and others, tampered or foreign hashes do not', async () => {
    const hash = await hashPassword('正确的密码');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('正确的密码', hash)).toBe(true);
    expect(await verifyPassword('错误的密码', hash)).toBe(false);
    const at = hash.length - 10;
    const tampered = `${hash.slice(0, at)}${hash[at] === 'A' ? 'B' : 'A'}${hash.slice(at + 1)}`;
    expect(await verifyPassword('正确的密码', tampered)).toBe(false);
    expect(await verifyPassword('x', '$2b$10$abcdefghijklmnopqrstuv')).toBe(false);
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });
});
