import { parse as parseTolerant, type ParseError } from 'jsonc-parser';
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
    const reason = cleanReason(error instanceof Error ? error.message : 'invalid JSON');
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

/**
 * Finds the 1-based line and column of a JSON syntax error. V8 does not always say where (Node 20's "Unexpected
 * token" messages carry no position), so the text is scanned again with a parser that reports offsets.
 */
function locateJsonError(text: string, error: unknown): { line: number; column: number } {
  const positionMatch = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  let offset = positionMatch ? Number(positionMatch[1]) : undefined;
  if (offset === undefined) {
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    offset = errors[0]?.offset ?? text.length;
  }
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** V8's message without the position suffix or the quoted copy of the text it sometimes appends. */
function cleanReason(message: string): string {
  return message
    .replace(/,\s*"[\s\S]*" is not valid JSON$/, '')
    .replace(/ (in|after) JSON at position \d+.*$/s, '')
    .trim();
}
