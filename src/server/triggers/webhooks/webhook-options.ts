import type { NodeParameters } from '../../../core/model/types.js';

/** The webhook node's `options` collection as the HTTP layer uses it, with n8n's defaults filled in. */
export interface WebhookOptions {
  /** Version 1 "Binary File": the whole request body becomes a file, whatever its type. */
  readonly binaryData: boolean;
  /** "Field Name for Binary Data"; undefined when not set (multipart uploads then keep their field names). */
  readonly binaryPropertyName: string | undefined;
  /** Also hand over the unparsed body as the file `data`. */
  readonly rawBody: boolean;
  /** Refuse link previewers and crawlers with 403. */
  readonly ignoreBots: boolean;
  /** "IP(s) Allowlist": comma-separated addresses and CIDR ranges; empty allows everyone. */
  readonly ipWhitelist: string;
  /** "Allowed Origins (CORS)": comma-separated origins or `*`; empty allows every origin, as `*` does. */
  readonly allowedOrigins: string;
  /** `lastNode` + `firstEntryJson`: the content type to answer with instead of JSON. */
  readonly responseContentType: string | undefined;
  /** `lastNode` + `firstEntryJson`: answer only this (dotted) property of the item's json. */
  readonly responsePropertyName: string | undefined;
  /** Extra headers of the answer (names in lower case). */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** `onReceived`: "Response Data", a custom body sent instead of n8n's `{message: 'Workflow was started'}`. */
  readonly onReceivedBody: string | undefined;
  /** `onReceived`: "No Response Body". */
  readonly noResponseBody: boolean;
}

/** Reads the `options` collection of a webhook node's parameters. */
export function webhookOptions(parameters: NodeParameters): WebhookOptions {
  const raw = parameters['options'];
  const options: Record<string, unknown> = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const text = (key: string): string | undefined => (typeof options[key] === 'string' && options[key] !== '' ? (options[key] as string) : undefined);
  return {
    binaryData: options['binaryData'] === true,
    binaryPropertyName: text('binaryPropertyName'),
    rawBody: options['rawBody'] === true,
    ignoreBots: options['ignoreBots'] === true,
    ipWhitelist: text('ipWhitelist') ?? '',
    allowedOrigins: text('allowedOrigins') ?? '',
    responseContentType: text('responseContentType'),
    responsePropertyName: text('responsePropertyName'),
    responseHeaders: headerEntries(options['responseHeaders']),
    onReceivedBody: text('responseData'),
    noResponseBody: options['noResponseBody'] === true,
  };
}

/**
 * The response code as n8n reads it: version 1 has a top-level `responseCode`; version 2 has the option
 * `responseCode: {values: {responseCode, customCode}}`, where `customCode` wins when set. Undefined when none
 * is set or the value is not an HTTP status.
 */
export function configuredResponseCode(parameters: NodeParameters): number | undefined {
  const topLevel = asStatus(parameters['responseCode']);
  if (topLevel !== undefined) return topLevel;
  const options = parameters['options'] as { responseCode?: { values?: { responseCode?: unknown; customCode?: unknown } } } | undefined;
  const values = options?.responseCode?.values;
  if (!values) return undefined;
  return asStatus(values.customCode) ?? asStatus(values.responseCode);
}

function asStatus(value: unknown): number | undefined {
  const code = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof code === 'number' && Number.isInteger(code) && code >= 100 && code < 600 ? code : undefined;
}

/** n8n's `responseHeaders: {entries: [{name, value}]}` as a header map; entries without a name are skipped. */
export function headerEntries(value: unknown): Record<string, string> {
  const entries = (value as { entries?: unknown } | undefined)?.entries;
  const headers: Record<string, string> = {};
  if (!Array.isArray(entries)) return headers;
  for (const entry of entries as { name?: unknown; value?: unknown }[]) {
    const name = typeof entry?.name === 'string' ? entry.name.trim().toLowerCase() : '';
    if (name !== '') headers[name] = String(entry.value ?? '');
  }
  return headers;
}
