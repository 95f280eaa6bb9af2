// dmn-js ships no typings: only what the decisions page calls.
declare module 'dmn-js/lib/Viewer' {
  import DmnModeler from 'dmn-js/lib/Modeler';
  /** Same Manager API as the modeler, without editing. */
  export default class DmnViewer extends DmnModeler {}
}

declare module 'dmn-js/lib/Modeler' {
  export interface DmnView {
    readonly type: string;
    readonly element: { readonly id: string; readonly name?: string };
  }
  export interface DmnViewer {
    get<T>(name: string): T;
  }
  export default class DmnModeler {
    constructor(options: Record<string, unknown>);
    importXML(xml: string, options?: { open?: boolean }): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    getActiveViewer(): DmnViewer | undefined;
    open(view: DmnView): Promise<{ warnings: unknown[] }>;
    on(event: string, callback: (event: unknown) => void): void;
    destroy(): void;
  }
}
