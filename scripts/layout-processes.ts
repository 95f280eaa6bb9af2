/**
 * Regenerates the diagram interchange (BPMNDI) of every `processes/*.bpmn` with bpmn-auto-layout.
 *
 * The semantic XML is the source we edit by hand; the layouter re-serialises the whole model through a
 * moddle that does not know our zeebe:/zhifa: extensions, so only its `<bpmndi:BPMNDiagram>` blocks are
 * taken and spliced into the untouched semantic XML (existing DI is replaced).
 * Subprocesses come out collapsed, each with its own drill-down diagram (bpmn-js renders those).
 *
 * With `--render`, each file is then opened in bpmn-js (headless Chromium) — its import warnings fail the
 * run — and the root diagram is saved as `processes/diagrams/<name>.svg` for the README; every
 * `processes/forms/*.form` is imported into form-js-viewer the same way (warnings fail the run).
 *
 * Usage: npx tsx scripts/layout-processes.ts [--render] [file.bpmn ...]
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { chromium } from 'playwright-core';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModdle } from '@zhifa/engine';

type LayoutProcess = (xml: string) => Promise<string>;

const PROCESSES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'processes');
const DIAGRAM = /<bpmndi:BPMNDiagram[\s\S]*?<\/bpmndi:BPMNDiagram>/g;
const DI_NAMESPACES = {
  bpmndi: 'http://www.omg.org/spec/BPMN/20100524/DI',
  dc: 'http://www.omg.org/spec/DD/20100524/DC',
  di: 'http://www.omg.org/spec/DD/20100524/DI',
} as const;

async function main(): Promise<void> {
  // bpmn-auto-layout ships no types: a non-literal specifier keeps the compiler from looking for them.
  const layouter = 'bpmn-auto-layout';
  const mod: { layoutProcess: LayoutProcess } = await import(layouter);
  const args = process.argv.slice(2).filter((a) => a !== '--render');
  const files = args.length > 0 ? args.map((f) => resolve(f)) : await bpmnFiles();
  for (const file of files) {
    const xml = await readFile(file, 'utf8');
    await writeFile(file, await withLayout(xml, mod.layoutProcess));
    console.log(`laid out ${file}`);
  }
  if (process.argv.includes('--render')) await render(files);
}

/** Renders each file with bpmn-js and each form with form-js in headless Chromium; import warnings are errors. */
async function render(files: readonly string[]): Promise<void> {
  const viewer = await readFile(createRequire(import.meta.url).resolve('bpmn-js/dist/bpmn-viewer.production.min.js'), 'utf8');
  const browser = await chromium.launch({
    executablePath: process.env['ZHIFA_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<div id="canvas" style="width:1600px;height:1000px"></div>');
    await page.addScriptTag({ content: viewer });
    const outDir = join(PROCESSES_DIR, 'diagrams');
    await mkdir(outDir, { recursive: true });
    for (const file of files) {
      const xml = await readFile(file, 'utf8');
      const rendered = await page.evaluate(renderInPage, xml);
      if (rendered.warnings.length > 0) throw new Error(`${file}: bpmn-js import warnings:\n${rendered.warnings.join('\n')}`);
      const name = basename(file).replace(/\.bpmn$/, '');
      for (const plane of rendered.planes) {
        // The process plane is the picture of the file; a subprocess's drill-down plane gets `--<id>`.
        const target = join(outDir, plane.subprocessId ? `${name}--${plane.subprocessId}.svg` : `${name}.svg`);
        await writeFile(target, `${stableMarkerIds(plane.svg)}\n`);
        console.log(`rendered ${target}`);
      }
    }
    await page.addScriptTag({ content: await formViewerBundle() });
    const formsDir = join(PROCESSES_DIR, 'forms');
    for (const file of (await readdir(formsDir)).filter((f) => f.endsWith('.form')).sort()) {
      const schema: unknown = JSON.parse(await readFile(join(formsDir, file), 'utf8'));
      const result = await page.evaluate(importFormInPage, schema);
      if (result.warnings.length > 0) throw new Error(`${file}: form-js import warnings:\n${result.warnings.join('\n')}`);
      console.log(`imported ${file} (${result.fields} fields)`);
    }
  } finally {
    await browser.close();
  }
}

/** form-js-viewer ships ESM only: bundle it into a script that defines `FormJS.Form` in the page. */
async function formViewerBundle(): Promise<string> {
  const bundler = 'esbuild';
  const { build }: { build: (options: object) => Promise<{ outputFiles: { text: string }[] }> } = await import(bundler);
  const out = await build({
    stdin: { contents: "export { Form } from '@bpmn-io/form-js-viewer';", resolveDir: dirname(PROCESSES_DIR), loader: 'js' },
    bundle: true, format: 'iife', globalName: 'FormJS', write: false, logLevel: 'error',
  });
  const [bundle] = out.outputFiles;
  if (!bundle) throw new Error('esbuild produced no bundle');
  return bundle.text;
}

/** Runs inside the page: imports one form schema into a fresh viewer. */
async function importFormInPage(schema: unknown): Promise<{ warnings: string[]; fields: number }> {
  // The script type-checks without the DOM library: describe the little of the page it touches.
  interface PageElement {
    querySelectorAll(selector: string): { length: number };
    remove(): void;
  }
  interface FormViewer {
    importSchema(schema: unknown, data?: object): Promise<{ warnings: unknown[] }>;
    destroy(): void;
  }
  const page = globalThis as unknown as {
    FormJS: { Form: new (options: { container: PageElement }) => FormViewer };
    document: { createElement(tag: string): PageElement; body: { append(element: PageElement): void } };
  };
  const { Form } = page.FormJS;
  const container = page.document.createElement('div');
  page.document.body.append(container);
  const form = new Form({ container });
  try {
    const { warnings } = await form.importSchema(schema, {});
    return { warnings: warnings.map((w) => String(w instanceof Error ? w.message : w)), fields: container.querySelectorAll('.fjs-form-field').length };
  } finally {
    form.destroy();
    container.remove();
  }
}

/** bpmn-js names arrow markers randomly; number them so a re-render of an unchanged diagram is identical. */
function stableMarkerIds(svg: string): string {
  const ids = new Map<string, string>();
  return svg.replace(/marker-[a-z0-9]{8,}/g, (id) => {
    if (!ids.has(id)) ids.set(id, `marker-${ids.size + 1}`);
    return ids.get(id) ?? id;
  });
}

interface Rendered {
  warnings: string[];
  planes: { subprocessId?: string; svg: string }[];
}

/** Runs inside the page, where the bpmn-js UMD bundle defined `BpmnJS`. */
async function renderInPage(xml: string): Promise<Rendered> {
  interface Root {
    id: string;
    businessObject: { $type: string; id: string };
  }
  interface Viewer {
    importXML(xml: string): Promise<{ warnings: { message: string }[] }>;
    saveSVG(): Promise<{ svg: string }>;
    get(name: 'canvas'): { getRootElements(): Root[]; setRootElement(root: Root): void };
    destroy(): void;
  }
  const BpmnJS = (globalThis as unknown as { BpmnJS: new (options: { container: string }) => Viewer }).BpmnJS;
  const viewer = new BpmnJS({ container: '#canvas' });
  try {
    const { warnings } = await viewer.importXML(xml);
    const canvas = viewer.get('canvas');
    const planes: Rendered['planes'] = [];
    for (const root of canvas.getRootElements()) {
      canvas.setRootElement(root);
      const { svg } = await viewer.saveSVG();
      const bo = root.businessObject;
      planes.push(bo.$type === 'bpmn:SubProcess' ? { subprocessId: bo.id, svg } : { svg });
    }
    return { warnings: warnings.map((w) => w.message), planes };
  } finally {
    viewer.destroy();
  }
}

async function bpmnFiles(): Promise<string[]> {
  return (await readdir(PROCESSES_DIR)).filter((f) => f.endsWith('.bpmn')).sort().map((f) => join(PROCESSES_DIR, f));
}

export async function withLayout(xml: string, layoutProcess: LayoutProcess): Promise<string> {
  const semantic = withDiNamespaces(xml.replace(DIAGRAM, '').replace(/\n\s*\n(\s*<\/bpmn:definitions>)/, '\n$1'));
  const { xml: input, subprocessChildren, boundariesByHost } = await withFlowReferences(semantic);
  const laidOut = await layoutProcess(input);
  const diagrams = laidOut.match(DIAGRAM);
  if (!diagrams) throw new Error('bpmn-auto-layout produced no diagram');
  const planes = diagrams.flatMap((d) => splitPlanes(separateBoundaryLabels(normalisePrefixes(d), boundariesByHost), subprocessChildren));
  return semantic.replace('</bpmn:definitions>', `${planes.join('\n')}\n</bpmn:definitions>`);
}

const LABEL_WIDTH = 64;
const LABEL_HEIGHT = 28;

/**
 * Boundary events on one activity sit 33 px apart and their default labels (90 px wide, centred below)
 * overlap: give the first a label to the lower left, the last to the lower right, any others below.
 */
function separateBoundaryLabels(diagram: string, boundariesByHost: ReadonlyMap<string, readonly string[]>): string {
  let out = diagram;
  const xOf = (eventId: string): number =>
    Number(new RegExp(`bpmnElement="${eventId}"[^>]*>\\s*<dc:Bounds x="([\\d.]+)"`).exec(diagram)?.[1] ?? Number.NaN);
  for (const hostEvents of boundariesByHost.values()) {
    const events = hostEvents.filter((e) => !Number.isNaN(xOf(e))).sort((a, b) => xOf(a) - xOf(b));
    if (events.length < 2) continue;
    events.forEach((eventId, i) => {
      const shape = new RegExp(`(<bpmndi:BPMNShape [^>]*bpmnElement="${eventId}"[^>]*>\\s*<dc:Bounds x="([\\d.]+)" y="([\\d.]+)"[^>]*/>)(\\s*)(</bpmndi:BPMNShape>)`);
      out = out.replace(shape, (_whole, head: string, x: string, y: string, space: string, tail: string) => {
        const ex = Number(x);
        const ey = Number(y);
        const lx = i === 0 ? ex - LABEL_WIDTH + 8 : i === events.length - 1 ? ex + 28 : ex + 18 - LABEL_WIDTH / 2;
        const ly = i === 0 || i === events.length - 1 ? ey + 34 : ey + 40 + (i - 1) * LABEL_HEIGHT;
        const label = `<bpmndi:BPMNLabel><dc:Bounds x="${Math.round(lx)}" y="${Math.round(ly)}" width="${LABEL_WIDTH}" height="${LABEL_HEIGHT}" /></bpmndi:BPMNLabel>`;
        return `${head}${space}  ${label}${space}${tail}`;
      });
    });
  }
  return out;
}

const DI_ELEMENT = /\s*<bpmndi:(BPMNShape|BPMNEdge)\b[^>]*bpmnElement="([^"]+)"[\s\S]*?<\/bpmndi:\1>/g;

/**
 * The layouter draws subprocesses collapsed but leaves their content on the parent plane; bpmn-js expects
 * the content of a collapsed subprocess on a plane of its own (its drill-down), so move it there.
 */
function splitPlanes(diagram: string, subprocessChildren: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const owner = new Map<string, string>();
  for (const [sub, children] of subprocessChildren) for (const child of children) owner.set(child, sub);
  const moved = new Map<string, string[]>();
  const root = diagram.replace(DI_ELEMENT, (whole: string, _kind: string, element: string) => {
    const sub = owner.get(element);
    if (sub === undefined) return whole;
    moved.set(sub, [...(moved.get(sub) ?? []), whole]);
    return '';
  });
  const subDiagrams = [...moved].map(
    ([sub, parts]) =>
      `  <bpmndi:BPMNDiagram id="BPMNDiagram_${sub}">\n    <bpmndi:BPMNPlane id="BPMNPlane_${sub}" bpmnElement="${sub}">` +
      `${parts.join('')}\n    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>`,
  );
  return [`  ${root.trim()}`, ...subDiagrams];
}

interface FlowElement {
  $type: string;
  id?: string;
  sourceRef?: FlowElement;
  targetRef?: FlowElement;
  attachedToRef?: FlowElement;
  incoming?: FlowElement[];
  outgoing?: FlowElement[];
  flowElements?: FlowElement[];
  rootElements?: FlowElement[];
}

/**
 * The layouter follows `incoming`/`outgoing`, which moddle fills only from explicit `<bpmn:incoming>`
 * children (bpmn-js writes them; hand-written XML need not): derive them from the sequence flows.
 */
async function withFlowReferences(
  xml: string,
): Promise<{ xml: string; subprocessChildren: Map<string, Set<string>>; boundariesByHost: Map<string, string[]> }> {
  const moddle = createModdle();
  const parsed = await moddle.fromXML(xml);
  if (!isParsed(parsed)) throw new Error('bpmn-moddle returned no root element');
  const definitions = parsed.rootElement;
  const subprocessChildren = new Map<string, Set<string>>();
  const boundariesByHost = new Map<string, string[]>();
  const visit = (container: FlowElement): void => {
    for (const el of container.flowElements ?? []) {
      if (el.$type === 'bpmn:SequenceFlow' && el.sourceRef && el.targetRef) {
        (el.sourceRef.outgoing ??= []).push(el);
        (el.targetRef.incoming ??= []).push(el);
      }
      if (el.$type === 'bpmn:BoundaryEvent' && el.attachedToRef?.id && el.id) {
        boundariesByHost.set(el.attachedToRef.id, [...(boundariesByHost.get(el.attachedToRef.id) ?? []), el.id]);
      }
      if (container.$type === 'bpmn:SubProcess' && container.id && el.id) {
        const set = subprocessChildren.get(container.id) ?? new Set<string>();
        set.add(el.id);
        subprocessChildren.set(container.id, set);
      }
      visit(el);
    }
  };
  for (const root of definitions.rootElements ?? []) visit(root);
  const { xml: out } = await moddle.toXML(definitions);
  return { xml: out, subprocessChildren, boundariesByHost };
}

function isParsed(value: unknown): value is { rootElement: FlowElement } {
  return typeof value === 'object' && value !== null && 'rootElement' in value;
}

/** Declares the DI namespaces on `bpmn:definitions` when the semantic XML lacks them. */
function withDiNamespaces(xml: string): string {
  let out = xml;
  for (const [prefix, uri] of Object.entries(DI_NAMESPACES)) {
    if (!out.includes(`xmlns:${prefix}=`)) out = out.replace('<bpmn:definitions ', `<bpmn:definitions xmlns:${prefix}="${uri}" `);
  }
  return out;
}

/** The layouter may print DI with default prefixes different from ours; map them back. */
function normalisePrefixes(diagram: string): string {
  return diagram.replace(/<(\/?)bpmn2?:/g, '<$1bpmn:').replace(/<(\/?)omgdc:/g, '<$1dc:').replace(/<(\/?)omgdi:/g, '<$1di:');
}

await main();
