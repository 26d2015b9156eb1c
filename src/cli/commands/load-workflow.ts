import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { WeftError } from '../../core/errors/index.js';
import type { WorkflowDocument } from '../../core/model/types.js';
import { parseWorkflowText } from '../../core/model/parse.js';

/** Reads a workflow file and picks one workflow from it (files may hold an array of workflows). */
export async function loadWorkflowFile(path: string, cwd: string, pick?: string): Promise<WorkflowDocument> {
  const absolute = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new WeftError('WEFT_E_FILE_NOT_FOUND', code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path}: ${code ?? 'unknown error'}`, { path });
  }
  const documents = parseWorkflowText(text, path);
  if (pick === undefined) return documents[0]!;
  const byIndex = /^\d+$/.test(pick) ? documents[Number(pick)] : undefined;
  const chosen = byIndex ?? documents.find((doc) => doc.name === pick);
  if (!chosen) {
    const names = documents.map((doc, index) => `${index}: ${String(doc.name ?? '(unnamed)')}`).join(', ');
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `--workflow ${pick} matches none of the workflows in ${path} (${names})`, { option: '--workflow' });
  }
  return chosen;
}
