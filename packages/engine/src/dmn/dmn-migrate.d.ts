/** @bpmn-io/dmn-migrate (untyped JavaScript): rewrites DMN 1.1 / 1.2 XML as DMN 1.3. */
declare module '@bpmn-io/dmn-migrate' {
  export const TARGET_DMN_VERSION: string;
  export function migrateDiagram(xml: string): Promise<string>;
}
