import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import lintModule from 'bpmn-js-bpmnlint';
import tokenSimulationModule from 'bpmn-js-token-simulation';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import zeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { linterConfig } from './lint/linter-config.js';
import { zhifaPropertiesModule } from './properties/zhifa-properties.provider.js';
import { translateModule } from './translate.module.js';
import { zhifaDescriptor as zhifaModdle } from '@zhifa/engine/zhifa-descriptor';

export const moddleExtensions = { zeebe: zeebeModdle, zhifa: zhifaModdle };

/** The full editor for analysts and admins: properties panel, lint, token simulation, our `zhifa:` group. */
export function createModeler(canvas: HTMLElement, propertiesPanel: HTMLElement): BpmnModeler {
  return new BpmnModeler({
    container: canvas,
    keyboard: { bind: true },
    propertiesPanel: { parent: propertiesPanel },
    linting: { active: true, bpmnlint: linterConfig },
    additionalModules: [
      translateModule,
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      zeebeBehaviorsModule,
      zhifaPropertiesModule,
      lintModule,
      tokenSimulationModule,
    ],
    moddleExtensions,
  });
}

/** Everyone else (and the diff view) gets a viewer: pan and zoom, no editing. */
export function createViewer(canvas: HTMLElement): NavigatedViewer {
  return new NavigatedViewer({ container: canvas, additionalModules: [translateModule], moddleExtensions });
}
