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
  weft start [--concurrency <n>]
      Run Weft as a server (= npm start): the HTTP API on WEFT_HOST:WEFT_PORT and an engine in one process, with the
      embedded store and durable queue (or PostgreSQL / RabbitMQ / Redis when configured).
      Prints the URL, and on the first start an API key (once). SIGTERM/SIGINT shut it down gracefully.
  weft orchestrator
      Only the HTTP API, webhooks and schedules: executions are queued for engines (queue mode).
  weft engine [--concurrency <n>]
      Only run queued executions (n at once, default WEFT_ENGINE_CONCURRENCY) from the shards in WEFT_ENGINE_SHARDS;
      serves /healthz, /readyz and /metrics on WEFT_HOST:WEFT_PORT.
  weft import <file>
      Save the workflow (or array of workflows) in an n8n JSON file to the store, keeping given ids.
  weft export [--id <id>] [--output <file>] [--pretty]
      Write all workflows (or one) as an n8n JSON array to stdout or a file.
  weft api-key create [--label <text>]
      Create an API key for the HTTP API (header X-WEFT-API-KEY) in the configured store; prints only the key.
  weft api-key list [--json]
      List API keys: id, label, created, last used (never the keys).
  weft api-key delete <id>
      Delete an API key; requests with it are refused (at once on this store; within seconds on running servers).
  weft help
      Show this text.

Configuration (environment variables):
${variables}
`;
}
