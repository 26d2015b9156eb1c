import { configVariables } from '../config/config.js';

/** The CLI's help text. */
export function usageText(): string {
  const variables = configVariables.map((v) => `  ${v.env.padEnd(28)} default: ${JSON.stringify(v.fallback)}`).join('\n');
  return `weft: run n8n-compatible workflows, independent branches in parallel.

Usage:
  weft run <workflow.json> [--input '<json items>'] [--pretty] [--workflow <name|index>] [--no-pin-data]
      Validate and run a workflow from its manual trigger; print the result JSON on stdout.
      Exit 0 on success, 1 when the workflow failed, 2 for an invalid workflow or bad arguments.
  weft compat <dir> [--known-failures <file>]
      Run every n8n workflow fixture under <dir> and compare node outputs with their pinData.
  weft help
      Show this text.

The HTTP server (weft start) arrives with the orchestrator; until then \`npm start\` prints this text.

Configuration (environment variables):
${variables}
`;
}
