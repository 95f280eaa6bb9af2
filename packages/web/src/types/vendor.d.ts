// Type declarations for bpmn.io packages that ship no typings. Kept minimal: only what we call.

declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi';
  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  export const ZeebePropertiesProviderModule: ModuleDeclaration;
  export function useService<T>(name: string): T;
}

declare module '@bpmn-io/properties-panel' {
  import type { FunctionComponent } from '@bpmn-io/properties-panel/preact';
  export const TextFieldEntry: FunctionComponent<Record<string, unknown>>;
  export const SelectEntry: FunctionComponent<Record<string, unknown>>;
}

declare module 'bpmn-js-bpmnlint' {
  import type { ModuleDeclaration } from 'didi';
  const lintModule: ModuleDeclaration;
  export default lintModule;
}

declare module 'bpmn-js-token-simulation' {
  import type { ModuleDeclaration } from 'didi';
  const tokenSimulationModule: ModuleDeclaration;
  export default tokenSimulationModule;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  import type { ModuleDeclaration } from 'didi';
  const behaviorsModule: ModuleDeclaration;
  export default behaviorsModule;
}

declare module 'bpmn-js-differ' {
  export interface DiffResult {
    readonly _added: Record<string, unknown>;
    readonly _removed: Record<string, unknown>;
    readonly _changed: Record<string, unknown>;
    readonly _layoutChanged: Record<string, unknown>;
  }
  export function diff(oldDefinitions: unknown, newDefinitions: unknown): DiffResult;
}

declare module 'bpmn-js-i18n/translations/zn' {
  const translations: Readonly<Record<string, string>>;
  export default translations;
}

declare module 'bpmnlint/rules/*' {
  const rule: () => { check: unknown };
  export default rule;
}

declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string): Promise<{ rootElement: unknown; warnings: unknown[] }>;
  }
}

declare module 'bpmnlint' {
  export class Linter {
    constructor(options: { config: unknown; resolver: unknown });
    lint(definitions: unknown): Promise<Record<string, { id?: string; message: string; category: string }[]>>;
  }
}
