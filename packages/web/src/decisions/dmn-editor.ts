import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression-controls.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import DmnModeler from 'dmn-js/lib/Modeler';
import DmnViewer from 'dmn-js/lib/Viewer';
import { dmnTranslateModule } from './dmn-translate.js';

/**
 * dmn-js with our translations in every view (DRD, decision table, literal and boxed expressions): the
 * modeler for analysts and admins, a read-only viewer for everyone else.
 */
export function createDmnModeler(container: HTMLElement, editable: boolean): DmnModeler {
  const views = { additionalModules: [dmnTranslateModule] };
  if (!editable) return new DmnViewer({ container, drd: views, decisionTable: views, literalExpression: views, boxedExpression: views });
  return new DmnModeler({
    container,
    keyboard: { bindTo: window },
    drd: views,
    decisionTable: views,
    literalExpression: views,
    boxedExpression: views,
  });
}

/** Imports the XML and shows the decision table of `decisionId` (else the first table, else the DRD). */
export async function openDecisionTable(modeler: DmnModeler, xml: string, decisionId: string | undefined): Promise<void> {
  await modeler.importXML(xml, { open: false });
  const views = modeler.getViews();
  const view = views.find((v) => v.type === 'decisionTable' && v.element.id === decisionId)
    ?? views.find((v) => v.type === 'decisionTable')
    ?? views[0];
  if (view) await modeler.open(view);
}

/**
 * Row and column markers as a stylesheet keyed by the ids dmn-js writes on cells (`data-row-id`,
 * `data-col-id`, `data-element-id`): they survive dmn-js re-rendering the table, DOM classes would not.
 */
export class TableMarkers {
  private readonly style = document.createElement('style');
  private matched: readonly string[] = [];
  private problems: readonly string[] = [];

  constructor() {
    this.style.dataset.testid = 'dmn-markers';
    document.head.append(this.style);
  }

  showMatched(ruleIds: readonly string[]): void {
    this.matched = ruleIds;
    this.update();
  }

  showProblems(elementIds: readonly string[]): void {
    this.problems = elementIds;
    this.update();
  }

  destroy(): void {
    this.style.remove();
  }

  private update(): void {
    const id = (value: string): string => CSS.escape(value);
    const matched = this.matched.map((rule) => `.dmn-decision-table-container td[data-row-id="${id(rule)}"]`);
    const problems = this.problems.flatMap((element) => [
      `[data-row-id="${id(element)}"]`, `th[data-col-id="${id(element)}"]`, `[data-element-id="${id(element)}"]`,
    ].map((selector) => `.dmn-decision-table-container ${selector}`));
    this.style.textContent = [
      matched.length ? `${matched.join(',\n')} { background: #fff1b8 !important; box-shadow: inset 0 0 0 1px #d4a106; }` : '',
      problems.length ? `${problems.join(',\n')} { background: #fde2e1 !important; box-shadow: inset 0 0 0 2px #c62828; }` : '',
    ].join('\n');
  }
}
