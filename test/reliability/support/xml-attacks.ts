/** Hostile XML documents for S2, built around a valid one-task process. */
const ns = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://zhifa.test"`;

function process(inner: string, name = 'p'): string {
  return `<bpmn:process id="p" name="${name}" isExecutable="true"><bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" /><bpmn:endEvent id="e" />${inner}</bpmn:process>`;
}

export interface Attack {
  readonly name: string;
  readonly xml: string;
}

/** A DOCTYPE with no internal subset: harmless today, but RELIABILITY.md S2 says DOCTYPE is refused. */
export function plainDoctype(): Attack {
  return { name: 'plain DOCTYPE', xml: `<?xml version="1.0"?><!DOCTYPE bpmn:definitions><bpmn:definitions ${ns}>${process('')}</bpmn:definitions>` };
}

/** `listenerPort`: a local TCP listener external entities point at (it must never see a connection). */
export function xmlAttacks(listenerPort: number): Attack[] {
  const url = `http://127.0.0.1:${listenerPort}/xxe`;
  const laughs = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)].join('');
  const deep = 20_000;
  return [
    {
      name: 'external entity (SYSTEM http)',
      xml: `<?xml version="1.0"?><!DOCTYPE bpmn:definitions [<!ENTITY xxe SYSTEM "${url}">]><bpmn:definitions ${ns}>${process('', '&xxe;')}</bpmn:definitions>`,
    },
    {
      name: 'external entity (SYSTEM file)',
      xml: `<?xml version="1.0"?><!DOCTYPE bpmn:definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><bpmn:definitions ${ns}>${process('', '&xxe;')}</bpmn:definitions>`,
    },
    {
      name: 'parameter entity + external DTD',
      xml: `<?xml version="1.0"?><!DOCTYPE bpmn:definitions SYSTEM "${url}/dtd" [<!ENTITY % remote SYSTEM "${url}/p"> %remote;]><bpmn:definitions ${ns}>${process('')}</bpmn:definitions>`,
    },
    {
      name: 'billion laughs',
      xml: `<?xml version="1.0"?><!DOCTYPE bpmn:definitions [${laughs}]><bpmn:definitions ${ns}>${process('', '&lol9;')}</bpmn:definitions>`,
    },
    {
      name: `${deep} nested elements`,
      xml: `<?xml version="1.0"?><bpmn:definitions ${ns}>${process(`<bpmn:documentation>${'<x>'.repeat(deep)}${'</x>'.repeat(deep)}</bpmn:documentation>`)}</bpmn:definitions>`,
    },
    {
      name: `${deep} nested subprocesses`,
      xml: `<?xml version="1.0"?><bpmn:definitions ${ns}>${process(`${'<bpmn:subProcess>'.repeat(deep)}${'</bpmn:subProcess>'.repeat(deep)}`)}</bpmn:definitions>`,
    },
    {
      name: '10 MB attribute',
      xml: `<?xml version="1.0"?><bpmn:definitions ${ns}>${process('', 'A'.repeat(10 * 1024 * 1024))}</bpmn:definitions>`,
    },
    {
      name: '10 MB text body',
      xml: `<?xml version="1.0"?><bpmn:definitions ${ns}>${process(`<bpmn:documentation>${'B'.repeat(10 * 1024 * 1024)}</bpmn:documentation>`)}</bpmn:definitions>`,
    },
    {
      name: '4 MB attribute just under the size cap',
      xml: `<?xml version="1.0"?><bpmn:definitions ${ns}>${process('', 'C'.repeat(4 * 1024 * 1024))}</bpmn:definitions>`,
    },
  ];
}
