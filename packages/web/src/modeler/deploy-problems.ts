import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';

/** One problem of a 422 from `POST /api/deployments`: `details.problems[]`. */
export interface DeployProblem {
  readonly elementId: string | undefined;
  readonly reason: string;
}

const MARKER = 'zf-deploy-problem';

function text(value: unknown, name: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(name in value)) return undefined;
  const field: unknown = Reflect.get(value, name);
  return typeof field === 'string' ? field : undefined;
}

/** Reads `details.problems` of a 422 body, tolerating a missing or partial list. */
export function problemsOf(details: unknown, fallbackMessage: string): DeployProblem[] {
  const raw: unknown = typeof details === 'object' && details !== null ? Reflect.get(details, 'problems') : undefined;
  const problems = Array.isArray(raw)
    ? raw.map((problem: unknown) => ({
      elementId: text(problem, 'elementId'),
      reason: text(problem, 'reason') ?? text(problem, 'message') ?? fallbackMessage,
    }))
    : [];
  const elementId = text(details, 'elementId');
  return problems.length > 0 ? problems : [{ elementId, reason: fallbackMessage }];
}

export interface ProblemServices {
  readonly canvas: Canvas;
  readonly overlays: Overlays;
  readonly elementRegistry: ElementRegistry;
}

export function clearProblems({ canvas, overlays, elementRegistry }: ProblemServices): void {
  overlays.remove({ type: MARKER });
  for (const element of elementRegistry.getAll()) canvas.removeMarker(element.id, MARKER);
}

/** Marks each offending element with a red outline and an overlay carrying the server's message. */
export function showProblems(services: ProblemServices, problems: readonly DeployProblem[]): void {
  clearProblems(services);
  for (const problem of problems) {
    const element = problem.elementId ? services.elementRegistry.get(problem.elementId) : undefined;
    if (!element) continue;
    services.canvas.addMarker(element.id, MARKER);
    // Flows get the marker only: their overlays would pile up on the shapes they join; the list names them.
    if ('waypoints' in element) continue;
    const badge = document.createElement('div');
    badge.className = 'zf-problem-overlay';
    badge.dataset.testid = 'deploy-problem-overlay';
    badge.dataset.elementId = problem.elementId;
    badge.textContent = problem.reason;
    services.overlays.add(element.id, MARKER, { position: { bottom: -8, left: 0 }, html: badge });
  }
}
