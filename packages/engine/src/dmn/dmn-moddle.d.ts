/** The part of dmn-moddle (untyped JavaScript) that the DMN compiler uses. */
declare module 'dmn-moddle' {
  export interface ModdleElement {
    readonly $type: string;
    readonly [property: string]: unknown;
  }

  export interface ModdleWarning {
    readonly message: string;
    readonly element?: ModdleElement;
    readonly property?: string;
    readonly error?: Error;
  }

  export interface ParseResult {
    readonly rootElement: ModdleElement;
    readonly warnings: readonly ModdleWarning[];
  }

  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
  }
}
