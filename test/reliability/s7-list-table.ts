/**
 * S7's checked-in table of the list endpoints: every parameterless `GET /api/...` of the running app (the test
 * derives them from the router stack and fails on any missing here), plus lists with a path parameter. Each
 * is either a list with the rule that decides which rows a caller may see and the rows it must see, or not a
 * list (with why). Rules lean on the per-object routes where there is one: a row is within the caller's rights
 * when `GET /api/process-instances/:id` (or `/api/tasks/:id`) answers them 200 — the S6 matrix checks those.
 */
export const S7Caller = {
  assignee: 'li.si',
  candidate: 'scjgj-fzk.leader',
  sameUnit: 'jck.clerk',
  otherUnit: 'zhao.liu',
  admin: 'admin',
  auditor: 'auditor',
  anonymous: '',
} as const;
export type S7Caller = keyof typeof S7Caller;

/** What the test set up; ids by name (see the test's beforeAll). */
export interface S7Fixture {
  /** Instance ids: a1 (li.si claimed), a2 (unclaimed, cc'd to jck.clerk), a3 (started by jck.clerk), b1, b2 (zhao.liu's unit), jobA, jobB, timerA, timerB. */
  readonly instances: Readonly<Record<string, string>>;
  /** Open task ids by instance name (a1, a2, a3, b1) and done task b2. */
  readonly tasks: Readonly<Record<string, string>>;
  readonly incidentB: string;
  readonly caseCodes: Readonly<Record<'a1' | 'b1', string>>;
  /** Process definition keys and decision keys deployed for the test. */
  readonly processKeys: readonly string[];
}

/** Answers whether a caller may see one object (through its own route, or the database). */
export interface S7Oracle {
  instance(caller: S7Caller, instanceId: string): Promise<boolean>;
  task(caller: S7Caller, taskId: string): Promise<boolean>;
  /** Unit ids whose users and units the caller's directory shows ('all' for admins). */
  directoryScope(caller: S7Caller): Promise<'all' | ReadonlySet<string>>;
  /** Unit ids a user belongs to (primary unit and memberships). */
  unitsOf(userId: string): Promise<readonly string[]>;
  userId(caller: S7Caller): string;
}

type Row = Record<string, unknown>;

export interface ListRule {
  readonly kind: 'list';
  /** The rule in words (printed when a row breaks it). */
  readonly rule: string;
  /** The URLs to query (several for a route with a required filter or a path parameter). */
  urls(f: S7Fixture): readonly string[];
  /** Callers who get the list at all; the others 403 (anonymous always 401). Default: everyone logged in. */
  readonly roles?: readonly S7Caller[];
  /** The rows of a response body (default: the body when an array, else its `items`). */
  rowsOf?(body: unknown): readonly Row[];
  /** Identity of a row (what `mustSee` names). */
  idOf(row: Row): string;
  /** Whether the caller may see this row (of the list at `url`). */
  allowed(row: Row, caller: S7Caller, oracle: S7Oracle, url: string): Promise<boolean> | boolean;
  /** Row ids the caller must find (so a list that shows nothing fails). */
  mustSee(caller: S7Caller, f: S7Fixture): readonly string[];
}

export interface NotAList {
  readonly kind: 'not-a-list';
  readonly reason: string;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const instanceOf = (row: Row): string => str(row['processInstanceId'] ?? row['instanceId']);
const operators: readonly S7Caller[] = ['admin', 'auditor'];
const allInstances = (f: S7Fixture): string[] => Object.values(f.instances);

/** Catalogue data (models, forms, decisions): every logged-in user reads all of it. */
const catalogue = (idOf: (row: Row) => string, mustSee: (f: S7Fixture) => readonly string[]): Omit<ListRule, 'urls'> => ({
  kind: 'list',
  rule: 'catalogue: every logged-in user sees every row',
  idOf,
  allowed: () => true,
  mustSee: (_caller, f) => mustSee(f),
});

/** The instance of each row must be one the caller may open. */
const byInstance = (mustSee: ListRule['mustSee'], instance: (row: Row) => string = instanceOf): Omit<ListRule, 'urls' | 'idOf'> => ({
  kind: 'list',
  rule: "the row's instance is one the caller may open (GET /api/process-instances/:id → 200)",
  allowed: (row, caller, oracle) => oracle.instance(caller, instance(row)),
  mustSee,
});

/** Task lists: a task the caller may open; instance pages ('started', 'cc', done tasks): an instance they may open. */
function inboxRow(row: Row, caller: S7Caller, oracle: S7Oracle, url: string): Promise<boolean> {
  if (/view=(started|cc)|inbox\/(started|cc)/.test(url)) return oracle.instance(caller, str(row['id']));
  if (/view=done|inbox\/done|state=completed/.test(url)) return oracle.instance(caller, instanceOf(row));
  return oracle.task(caller, str(row['id']));
}

const openTasks = (caller: S7Caller, f: S7Fixture): string[] => {
  const t = f.tasks;
  switch (caller) {
    case 'assignee':
      return [t['a1']!];
    case 'candidate':
      return [t['a2']!];
    case 'sameUnit':
      return [t['a3']!];
    case 'otherUnit':
      return [t['b1']!];
    case 'admin':
    case 'auditor':
      return [t['a1']!, t['a2']!, t['a3']!, t['b1']!];
    default:
      return [];
  }
};

const visibleInstances = (caller: S7Caller, f: S7Fixture): string[] => {
  const i = f.instances;
  switch (caller) {
    case 'assignee':
      return [i['a1']!];
    case 'candidate':
      return [i['a2']!];
    case 'sameUnit':
      return [i['a3']!, i['a2']!];
    case 'otherUnit':
      return [i['b1']!, i['b2']!, i['jobB']!, i['timerB']!];
    case 'admin':
    case 'auditor':
      return allInstances(f);
    default:
      return [];
  }
};

export const s7Table: Readonly<Record<string, ListRule | NotAList>> = {
  'GET /api/openapi.json': { kind: 'not-a-list', reason: 'the API description, the same for everyone' },
  'GET /api/me': { kind: 'not-a-list', reason: 'the caller themselves' },
  'GET /api/admin/clock': { kind: 'not-a-list', reason: 'the manual clock (one value)' },
  'GET /api/admin/audit/verify': { kind: 'not-a-list', reason: 'a verification result, no entries (admin/auditor)' },
  'GET /api/notifications/unread-count': { kind: 'not-a-list', reason: "a count over the caller's own notifications (the list itself is checked)" },
  'GET /api/calendar/add-working-days': { kind: 'not-a-list', reason: 'a date computed from the public holiday calendar' },
  'GET /api/calendar/days': {
    kind: 'list',
    rule: 'the public holiday calendar: every logged-in user sees every day',
    urls: () => ['/api/calendar/days?year=2026'],
    rowsOf: (body) => (typeof body === 'object' && body !== null && Array.isArray(Reflect.get(body, 'entries')) ? (Reflect.get(body, 'entries') as Row[]) : []),
    idOf: (row) => str(row['date']),
    allowed: () => true,
    mustSee: () => ['2026-10-01'],
  },
  'GET /api/deployments': { ...catalogue((r) => str(r['name']), () => ['s7_a']), urls: () => ['/api/deployments'] },
  'GET /api/forms': { ...catalogue((r) => str(r['key']), () => []), urls: () => ['/api/forms'] },
  'GET /api/process-definitions': { ...catalogue((r) => str(r['key']), (f) => f.processKeys), urls: () => ['/api/process-definitions'] },
  'GET /api/decision-definitions': { ...catalogue((r) => str(r['key']), () => []), urls: () => ['/api/decision-definitions'] },
  'GET /api/process-instances': { ...byInstance(visibleInstances, (r) => str(r['id'])), idOf: (r) => str(r['id']), urls: () => ['/api/process-instances'] },
  'GET /api/tasks': {
    kind: 'list',
    rule: 'open and done tasks: the caller may open the task (GET /api/tasks/:id → 200); views as GET /api/inbox/:view',
    urls: () => ['/api/tasks', '/api/tasks?state=completed', '/api/tasks?view=todo', '/api/tasks?view=done', '/api/tasks?view=started', '/api/tasks?view=cc'],
    idOf: (row) => str(row['id']),
    allowed: (row, caller, oracle, url) => inboxRow(row, caller, oracle, url),
    mustSee: openTasks,
  },
  'GET /api/inbox/:view': {
    kind: 'list',
    rule: "todo: tasks the caller may open; done: tasks of instances the caller may open; started, cc: instances the caller may open",
    urls: () => ['/api/inbox/todo', '/api/inbox/done', '/api/inbox/started', '/api/inbox/cc'],
    idOf: (row) => str(row['id']),
    allowed: (row, caller, oracle, url) => inboxRow(row, caller, oracle, url),
    mustSee: (caller, f) => {
      const own: Partial<Record<S7Caller, string[]>> = {
        assignee: [f.tasks['a1']!],
        candidate: [f.tasks['a2']!],
        sameUnit: [f.tasks['a3']!, f.instances['a3']!, f.instances['a2']!],
        otherUnit: [f.tasks['b1']!, f.tasks['b2']!, f.instances['b1']!, f.instances['jobB']!],
      };
      return own[caller] ?? [];
    },
  },
  'GET /api/jobs': {
    ...byInstance((caller, f) => (caller === 'admin' ? [f.instances['jobA']!, f.instances['jobB']!] : caller === 'otherUnit' ? [f.instances['jobB']!] : [])),
    rule: "worker pull: admins see every available job of the type; staff only jobs of instances they may open (GET /api/process-instances/:id → 200); auditors none",
    roles: ['assignee', 'candidate', 'sameUnit', 'otherUnit', 'admin'],
    urls: () => ['/api/jobs?type=s7-work'],
    idOf: (r) => instanceOf(r),
  },
  'GET /api/incidents': {
    kind: 'list',
    rule: 'operators (admin, auditor) see every incident; nobody else lists them',
    roles: operators,
    urls: () => ['/api/incidents'],
    idOf: (r) => str(r['id']),
    allowed: (_row, caller) => operators.includes(caller),
    mustSee: (caller, f) => (operators.includes(caller) ? [f.incidentB] : []),
  },
  'GET /api/timers': {
    kind: 'list',
    rule: 'operators (admin, auditor) see every pending timer; nobody else lists them',
    roles: operators,
    urls: () => ['/api/timers'],
    idOf: (r) => instanceOf(r),
    allowed: (_row, caller) => operators.includes(caller),
    mustSee: (caller, f) => (operators.includes(caller) ? [f.instances['timerA']!, f.instances['timerB']!] : []),
  },
  'GET /api/admin/audit': {
    kind: 'list',
    rule: 'operators (admin, auditor) read the whole audit trail; nobody else lists it',
    roles: operators,
    urls: (f) => ['/api/admin/audit?limit=1000', `/api/admin/audit?instanceId=${f.instances['b1']!}`],
    idOf: (r) => str(r['instanceId']),
    allowed: (_row, caller) => operators.includes(caller),
    mustSee: (caller, f) => (operators.includes(caller) ? [f.instances['b1']!] : []),
  },
  'GET /api/case-codes': {
    kind: 'list',
    rule: 'admins list the case codes of an instance (to revoke them); nobody else',
    roles: ['admin'],
    urls: (f) => [`/api/case-codes?instanceId=${f.instances['a1']!}`, `/api/case-codes?instanceId=${f.instances['b1']!}`],
    idOf: (r) => str(r['id']),
    allowed: (_row, caller) => caller === 'admin',
    mustSee: (caller, f) => (caller === 'admin' ? [f.caseCodes.a1, f.caseCodes.b1] : []),
  },
  'GET /api/notifications': {
    kind: 'list',
    rule: "the caller's own notifications only",
    urls: () => ['/api/notifications?limit=200'],
    idOf: (r) => str(r['id']),
    allowed: (row, caller, oracle) => str(row['userId'] ?? row['user_id']) === oracle.userId(caller),
    mustSee: () => [],
  },
  'GET /api/users': {
    kind: 'list',
    rule: "directory: admins everyone; others the users of their 机关's units and of the unit above it",
    urls: () => ['/api/users?limit=200'],
    idOf: (r) => str(r['id']),
    allowed: async (row, caller, oracle) => {
      const scope = await oracle.directoryScope(caller);
      return scope === 'all' || (await oracle.unitsOf(str(row['id']))).some((u) => scope.has(u));
    },
    mustSee: (caller) => ({ admin: ['user-zhao.liu', 'user-li.si'], otherUnit: ['user-zhao.liu'], auditor: ['user-wang.wu'], anonymous: [] })[caller as string] ?? ['user-li.si'],
  },
  'GET /api/units': {
    kind: 'list',
    rule: 'directory: the same units as the users scope',
    urls: () => ['/api/units'],
    idOf: (r) => str(r['id']),
    allowed: async (row, caller, oracle) => {
      const scope = await oracle.directoryScope(caller);
      return scope === 'all' || scope.has(str(row['id']));
    },
    mustSee: (caller) => ({ admin: ['unit-sthjj-zfk', 'unit-scjgj-fzk'], otherUnit: ['unit-sthjj-zfk'], auditor: ['unit-sfj-fzk'], anonymous: [] })[caller as string] ?? ['unit-scjgj-fzk'],
  },
};

/** Routes of the table that may not be in the app yet (being added meanwhile); absent, they are skipped. */
export const s7Optional: ReadonlySet<string> = new Set(['GET /api/users', 'GET /api/units']);

