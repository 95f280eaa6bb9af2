import { translateLibrary } from '../i18n/i18n.js';

/**
 * Replaces diagram-js's identity `translate` service. The properties panel, bpmnlint overlays, palette,
 * context pad and popup menus all ask this service, so one dictionary translates them all.
 */
export const translateModule = { translate: ['value', translateLibrary] };
