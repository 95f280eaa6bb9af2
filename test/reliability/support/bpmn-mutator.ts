/**
 * Mutations of real BPMN files for S1: delete attributes, duplicate ids, dangle references, truncate,
 * inject unknown elements, splice random bytes, swap tags. Seeded, so a failing case can be replayed.
 */
import type { Prng } from './prng.js';

/** Mutations that keep the XML well-formed (the model is wrong, the syntax is not). */
export const WELL_FORMED_MUTATIONS = ['delete-attribute', 'duplicate-id', 'dangle-reference', 'unknown-element', 'garbage-expression', 'empty-attribute'] as const;
/** Mutations bpmn-moddle's `fromXML` rejects outright: broken syntax, or a root in no known namespace. */
export const SYNTAX_MUTATIONS = ['truncate', 'random-bytes', 'swap-tag', 'drop-closing-tag', 'blank-namespace'] as const;
export const MUTATIONS = [...WELL_FORMED_MUTATIONS, ...SYNTAX_MUTATIONS] as const;
export type Mutation = (typeof MUTATIONS)[number];

function matches(xml: string, re: RegExp): RegExpExecArray[] {
  return [...xml.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))];
}

function replaceAt(xml: string, m: RegExpExecArray, text: string): string {
  return xml.slice(0, m.index) + text + xml.slice(m.index + m[0].length);
}

export function mutate(rng: Prng, xml: string, mutation: Mutation): string {
  switch (mutation) {
    case 'delete-attribute': {
      const all = matches(xml, / (id|sourceRef|targetRef|attachedToRef|default|messageRef|type|calledElement|isExecutable)="[^"]*"/);
      return all.length ? replaceAt(xml, rng.pick(all), '') : xml;
    }
    case 'duplicate-id': {
      const ids = matches(xml, / id="([^"]+)"/);
      if (ids.length < 2) return xml;
      const source = rng.pick(ids);
      return replaceAt(xml, rng.pick(ids), ` id="${source[1] ?? 'x'}"`);
    }
    case 'dangle-reference': {
      const refs = matches(xml, / (sourceRef|targetRef|attachedToRef|default|messageRef|errorRef|signalRef)="[^"]*"/);
      return refs.length ? replaceAt(xml, rng.pick(refs), ` ${rng.pick(refs)[1] ?? 'sourceRef'}="nowhere_${rng.int(0, 999)}"`) : xml;
    }
    case 'truncate':
      return xml.slice(0, rng.int(0, xml.length - 1));
    case 'unknown-element': {
      const tags = matches(xml, /<bpmn:(process|subProcess|userTask|startEvent)[^>]*>/);
      const junk = rng.pick([
        '<bpmn:complexGateway id="cg_x" />',
        '<bpmn:transaction id="tx_x" />',
        '<foo:bar xmlns:foo="urn:foo" id="foo_x" />',
        '<bpmn:adHocSubProcess id="ah_x" />',
        '<bpmn:startEvent id="se_x"><bpmn:cancelEventDefinition /></bpmn:startEvent>',
        '<bpmn:intermediateThrowEvent id="it_x"><bpmn:multipleEventDefinition /></bpmn:intermediateThrowEvent>',
      ]);
      if (!tags.length) return xml + junk;
      const m = rng.pick(tags);
      const at = m.index + m[0].length;
      return m[0].endsWith('/>') ? xml : xml.slice(0, at) + junk + xml.slice(at);
    }
    case 'random-bytes': {
      const at = rng.int(0, xml.length);
      const bytes = Array.from({ length: rng.int(1, 40) }, () => String.fromCharCode(rng.int(0, 0xffff))).join('');
      return xml.slice(0, at) + bytes + xml.slice(at + rng.int(0, 20));
    }
    case 'swap-tag': {
      const tags = matches(xml, /<bpmn:(userTask|serviceTask|exclusiveGateway|parallelGateway|endEvent|startEvent|subProcess|boundaryEvent|intermediateCatchEvent)\b/);
      if (!tags.length) return xml;
      const m = rng.pick(tags);
      return replaceAt(xml, m, `<bpmn:${rng.pick(['endEvent', 'startEvent', 'boundaryEvent', 'parallelGateway', 'callActivity', 'sequenceFlow', 'process'])}`);
    }
    case 'drop-closing-tag': {
      const closes = matches(xml, /<\/[^>]+>/);
      return closes.length ? replaceAt(xml, rng.pick(closes), '') : xml;
    }
    case 'garbage-expression': {
      const exprs = matches(xml, /(<bpmn:conditionExpression[^>]*>)([^<]*)(<)/);
      const junk = rng.pick(['=', '${', '=x >', '= )(', '=for i in 1..1000000000 return i', '${a.b.c.d(', '=x[', '=@#$%', '=__proto__.polluted']);
      if (!exprs.length) return xml.replace(/timeDuration>[^<]*</, `timeDuration>${junk}<`);
      const m = rng.pick(exprs);
      return replaceAt(xml, m, `${m[1] ?? ''}${junk}${m[3] ?? ''}`);
    }
    case 'blank-namespace': {
      const all = matches(xml, / (xmlns(:[a-zA-Z]+)?)="[^"]*"/);
      if (!all.length) return xml;
      const m = rng.pick(all);
      return replaceAt(xml, m, ` ${m[1] ?? 'xmlns'}=""`);
    }
    case 'empty-attribute': {
      const all = matches(xml, / ([a-zA-Z:]+)="[^"]*"/).filter((m) => !(m[1] ?? '').startsWith('xmlns'));
      if (!all.length) return xml;
      const m = rng.pick(all);
      return replaceAt(xml, m, ` ${m[1] ?? 'id'}=""`);
    }
  }
}
