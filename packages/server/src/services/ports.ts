/**
 * What the server's services need beyond the Engine: the directory of users and units, instance ownership,
 * deployment resources and a liveness probe. The composition root binds them to @zhifa/store-postgres;
 * services never see SQL.
 */
import type { Role } from '@zhifa/api-types';
import type { InstanceRecord } from '@zhifa/engine';

export interface DirectoryUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly unitId: string | null;
}

export interface Directory {
  /** The user when the credentials match an active account. */
  verifyCredentials(username: string, password: string): Promise<DirectoryUser | undefined>;
  findUser(userId: string): Promise<DirectoryUser | undefined>;
  /** Candidate-group names the user belongs to (unit codes/ids and group memberships). */
  groupsOf(user: DirectoryUser): Promise<readonly string[]>;
  /** Unit ids from `unitId` up to the root (itself first). */
  ancestorsOf(unitId: string): Promise<readonly string[]>;
  /** Whether the user is responsible for (supervises) the unit or one of its ancestors. */
  supervises(userId: string, unitId: string): Promise<boolean>;
  /** Units the user is responsible for, with every unit below them. */
  supervisedUnitIds(userId: string): Promise<readonly string[]>;
  createUser(input: {
    readonly username: string;
    readonly displayName: string;
    readonly password: string;
    readonly roles: readonly Role[];
    readonly unitId?: string;
  }): Promise<DirectoryUser>;
}

/** Who started an instance and which unit owns it (drives the "other unit → 404" rule). */
export interface InstanceOwnership {
  readonly startedBy: string | null;
  readonly ownerUnitId: string | null;
}

/** Instance listing cut to the caller's rights in SQL (S7: no row outside them). */
export interface InstanceLister {
  /** `viewer` undefined: everything (admins, auditors). */
  list(
    viewer: (Viewer & { readonly supervisedUnitIds: readonly string[] }) | undefined,
    filter: { readonly status?: string; readonly processId?: string; readonly businessKey?: string },
  ): Promise<readonly InstanceRecord[]>;
}

/** Whether a viewer may see an instance (same rule as {@link InstanceLister}). */
export interface InstanceVisibility {
  canView(instanceId: string, viewer: Viewer & { readonly supervisedUnitIds: readonly string[] }): Promise<boolean>;
  /** Of `instanceIds`, those `canView` would answer true for, in one query. */
  visibleAmong(instanceIds: readonly string[], viewer: Viewer & { readonly supervisedUnitIds: readonly string[] }): Promise<ReadonlySet<string>>;
}

export interface OwnershipStore {
  /** Written by the engine with the instance row at start (`StartInput`); call activities inherit from the root. */
  get(instanceId: string): Promise<InstanceOwnership | undefined>;
}

export interface StoredDeployment {
  readonly id: string;
  readonly name: string;
  readonly deployedAt: string;
  readonly processDefinitions: readonly { readonly id: string; readonly key: string; readonly version: number }[];
}

export interface StoredForm {
  readonly id: string;
  readonly key: string;
  readonly version: number;
  readonly deploymentId: string;
  readonly deployedAt: string;
  readonly content: string;
}

/** A form or DMN resource, stored as the next version of its key (unchanged content: no new version). */
export interface VersionedResource {
  readonly kind: 'form' | 'dmn';
  /** File name in the deployment. */
  readonly name: string;
  /** Form id or DMN definitions id. */
  readonly key: string;
  readonly content: string;
}

/** The stored definition id and version of one saved resource, in the order they were given. */
export interface StoredVersion {
  readonly definitionId: string;
  readonly version: number;
}

/** Non-BPMN resources (forms, DMN) and the deployment list. BPMN goes through `EngineApi.deploy`. */
export interface DeploymentStore {
  /**
   * Records the deployment row (creating it when the engine has not), its forms / decisions and its one
   * `deployment.created` audit entry, in one transaction.
   */
  saveResources(input: {
    readonly deploymentId: string | undefined;
    readonly name: string;
    readonly deployedBy: string;
    readonly resources: readonly VersionedResource[];
    /** When (the server clock) and which process definitions the engine stored for this deployment. */
    readonly at: string;
    readonly processDefinitions: readonly string[];
  }): Promise<{ readonly deploymentId: string; readonly versions: readonly StoredVersion[] }>;
  list(): Promise<readonly StoredDeployment[]>;
  /** Every stored DMN document with its definition id and version, oldest first (to rebuild the decision registry at start). */
  allDecisions(): Promise<readonly { readonly content: string; readonly definitionId: string; readonly version: number }[]>;
  /** Latest version of every form key, or of one. */
  latestForms(key?: string): Promise<readonly StoredForm[]>;
}

/** Round trip to the database; throws when it is unreachable. */
export interface HealthProbe {
  ping(): Promise<void>;
}

/** A task row as the inbox keeps it (open or finished), with its instance's owner. */
export interface TaskView {
  readonly id: string;
  readonly instanceId: string;
  readonly definitionId: string;
  readonly activityId: string;
  readonly name?: string;
  readonly assignee?: string;
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
  readonly candidateUnits: readonly string[];
  readonly dueAt?: string;
  readonly formKey?: string;
  readonly state: 'open' | 'completed' | 'cancelled' | 'ended';
  readonly createdAt: string;
  readonly endedAt?: string;
  readonly completedBy?: string;
  readonly ownerUnitId?: string;
  readonly startedBy?: string;
}

/** Outcome of a conditional task-row update. */
export type TaskChange = { readonly ok: true } | { readonly ok: false; readonly reason: 'not-found' | 'not-open' | 'conflict' };

/** Who is asking, for SQL-side visibility filters. */
export interface Viewer {
  readonly userId: string;
  readonly groups: readonly string[];
  readonly unitIds: readonly string[];
}

/** Task rows: read one, list, and claim / unclaim as a guarded row update (of concurrent claimers one wins). */
export interface TaskRows {
  get(taskId: string): Promise<TaskView | undefined>;
  /** 待办: open tasks assigned to the viewer or claimable by them (candidate user, group or unit). */
  listTodo(viewer: Viewer, filter: { readonly instanceId?: string }): Promise<readonly TaskView[]>;
  /** 已办: tasks the user completed. */
  listDone(userId: string, filter: { readonly instanceId?: string }): Promise<readonly TaskView[]>;
  claim(taskId: string, userId: string): Promise<TaskChange>;
  unclaim(taskId: string, userId: string): Promise<TaskChange>;
}
