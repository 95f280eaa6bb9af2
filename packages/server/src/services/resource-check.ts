import { ApiError } from '../http/api-error.js';

/** Invalid non-BPMN model: 422 like a bad diagram, naming the resource. */
function invalid(resource: string, reason: string): ApiError {
  return new ApiError('MODEL_INVALID', `${resource}: ${reason}`, { problems: [{ elementId: resource, elementType: 'form', reason }] });
}

/** A form-js schema: a JSON object with a `components` array; its key is its `id` or the file name. */
export function checkForm(name: string, content: string): { key: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw invalid(name, 'not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid(name, 'a form must be a JSON object');
  if (!Array.isArray(Reflect.get(parsed, 'components'))) throw invalid(name, "a form needs a 'components' array");
  const id = Reflect.get(parsed, 'id');
  return { key: typeof id === 'string' && id.length > 0 ? id : baseName(name) };
}

export function baseName(name: string): string {
  return name.replace(/\.[^.]+$/, '');
}
