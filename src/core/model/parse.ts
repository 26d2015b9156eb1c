import { WeftError } from '../errors/index.js';
import type { WorkflowDocument } from './types.js';

/**
 * Parses workflow JSON text (one n8n workflow, or an array of them) into documents. Malformed JSON is reported
 * with the parser's line and column. Shape problems are left to validation, which reports all of them at once.
 *
 * @example
 * const [doc] = parseWorkflowText(readFileSync('wf.json', 'utf8'), 'wf.json');
 */
export function parseWorkflowText(text: string, source = 'workflow'): WorkflowDocument[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const { line, column } = locateJsonError(text, error);
    const reason = error instanceof Error ? error.message.replace(/ in JSON at position \d+.*$/s, '') : 'invalid JSON';
    throw new WeftError('WEFT_E_INVALID_JSON', `${source}:${line}:${column}: invalid JSON: ${reason}`, { source, line, column });
  }
  const documents = Array.isArray(parsed) ? parsed : [parsed];
  if (documents.length === 0) {
    throw new WeftError('WEFT_E_INVALID_WORKFLOW', `${source}: the file holds an empty array, no workflow`, { source });
  }
  return documents.map((doc, index) => {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      const where = Array.isArray(parsed) ? `[${index}]` : '$';
      throw new WeftError('WEFT_E_INVALID_WORKFLOW', `${source}: ${where} is not a workflow object`, { source, path: where });
    }
    return doc as WorkflowDocument;
  });
}

/** Finds the 1-based line and column of a JSON.parse failure from the position V8 reports. */
function locateJsonError(text: string, error: unknown): { line: number; column: number } {
  const message = error instanceof Error ? error.message : '';
  const positionMatch = /position (\d+)/.exec(message);
  const lineColumnMatch = /line (\d+) column (\d+)/.exec(message);
  if (lineColumnMatch) return { line: Number(lineColumnMatch[1]), column: Number(lineColumnMatch[2]) };
  const position = positionMatch ? Number(positionMatch[1]) : text.length;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}
