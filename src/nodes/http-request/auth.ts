import { NodeExecutionError } from '../../core/errors/index.js';
import type { NodeContext } from '../../core/node-api/index.js';
import { send } from './transport.js';

/** What authentication adds to a request. */
export interface AuthPatch {
  headers: Record<string, string>;
  query: Record<string, string>;
}

/** Credential types the node can apply, as n8n names them. */
const SUPPORTED = new Set(['httpBasicAuth', 'httpHeaderAuth', 'httpBearerAuth', 'oAuth2Api']);

/** The credential type the node's `authentication` parameters ask for, or undefined for none. */
export function credentialTypeOf(ctx: NodeContext, itemIndex: number): string | undefined {
  const authentication = ctx.getParameter<string>('authentication', itemIndex, 'none');
  if (authentication === 'none') return undefined;
  const type =
    authentication === 'genericCredentialType'
      ? ctx.getParameter<string>('genericAuthType', itemIndex, '')
      : authentication === 'predefinedCredentialType'
        ? ctx.getParameter<string>('nodeCredentialType', itemIndex, '')
        : authentication;
  if (!SUPPORTED.has(type)) {
    throw new NodeExecutionError(ctx.node.name, `Authentication "${type || authentication}" is not supported`, {
      description: `Supported credential types: ${[...SUPPORTED].join(', ')}.`,
      itemIndex,
    });
  }
  return type;
}

/** Reads the credential and turns it into headers or query parameters (OAuth2 fetches a token first). */
export async function authPatch(ctx: NodeContext, type: string, itemIndex: number): Promise<AuthPatch> {
  if (!ctx.credentials) {
    throw new NodeExecutionError(ctx.node.name, `Credentials of type "${type}" are needed, but none are available in this run`, {
      description: 'Credentials are stored by the Weft server; run the workflow there (weft start) with the credential attached to the node.',
      itemIndex,
    });
  }
  const data = await ctx.credentials.get(ctx.node, type);
  const text = (key: string): string => (typeof data[key] === 'string' ? (data[key] as string) : data[key] === undefined ? '' : String(data[key]));
  switch (type) {
    case 'httpBasicAuth':
      return { headers: { authorization: `Basic ${Buffer.from(`${text('user')}:${text('password')}`).toString('base64')}` }, query: {} };
    case 'httpHeaderAuth':
      if (text('name') === '') throw new NodeExecutionError(ctx.node.name, 'The header credential has no header name', { itemIndex });
      return { headers: { [text('name').toLowerCase()]: text('value') }, query: {} };
    case 'httpBearerAuth':
      return { headers: { authorization: `Bearer ${text('token')}` }, query: {} };
    default:
      return oauth2Patch(ctx, data, itemIndex);
  }
}

interface CachedToken {
  accessToken: string;
  tokenType: string;
  expiresAt: number;
}

// Client-credentials tokens by client and token URL, so each request does not fetch a new one; a fetch in flight
// is shared, so a batch of items asks once. Kept in memory only, never logged.
const tokens = new Map<string, Promise<CachedToken>>();

/** Forgets cached OAuth2 tokens (tests). */
export function clearOAuth2Tokens(): void {
  tokens.clear();
}

async function oauth2Patch(ctx: NodeContext, data: Record<string, unknown>, itemIndex: number): Promise<AuthPatch> {
  const grantType = typeof data.grantType === 'string' ? data.grantType : 'clientCredentials';
  if (grantType !== 'clientCredentials') {
    throw new NodeExecutionError(ctx.node.name, `OAuth2 grant type "${grantType}" is not supported`, {
      description: 'Only the client credentials grant is supported; authorization-code grants need the editor sign-in flow.',
      itemIndex,
    });
  }
  const tokenUrl = typeof data.accessTokenUrl === 'string' ? data.accessTokenUrl : '';
  const clientId = typeof data.clientId === 'string' ? data.clientId : '';
  const clientSecret = typeof data.clientSecret === 'string' ? data.clientSecret : '';
  const scope = typeof data.scope === 'string' ? data.scope : '';
  const key = `${tokenUrl}\n${clientId}\n${scope}`;
  let pending = tokens.get(key);
  const current = pending ? await pending.catch(() => undefined) : undefined;
  if (!pending || !current || current.expiresAt <= Date.now() + 5_000) {
    pending = fetchToken(ctx, { tokenUrl, clientId, clientSecret, scope, inBody: data.authentication === 'body' }, itemIndex);
    tokens.set(key, pending);
    // A failed fetch is not cached: the next item tries again.
    const mine = pending;
    mine.catch(() => {
      if (tokens.get(key) === mine) tokens.delete(key);
    });
  }
  const token = await pending;
  if (data.tokenType === 'query' || data.authQueryParameter) {
    return { headers: {}, query: { [typeof data.authQueryParameter === 'string' && data.authQueryParameter !== '' ? data.authQueryParameter : 'access_token']: token.accessToken } };
  }
  return { headers: { authorization: `Bearer ${token.accessToken}` }, query: {} };
}

async function fetchToken(
  ctx: NodeContext,
  client: { tokenUrl: string; clientId: string; clientSecret: string; scope: string; inBody: boolean },
  itemIndex: number,
): Promise<CachedToken> {
  let url: URL;
  try {
    url = new URL(client.tokenUrl);
  } catch {
    throw new NodeExecutionError(ctx.node.name, 'The OAuth2 credential has no valid Access Token URL', { itemIndex });
  }
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (client.scope !== '') form.set('scope', client.scope);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (client.inBody) {
    form.set('client_id', client.clientId);
    form.set('client_secret', client.clientSecret);
  } else {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`;
  }
  const response = await send({
    method: 'POST',
    url,
    headers,
    body: Buffer.from(form.toString()),
    timeoutMs: 30_000,
    followRedirects: false,
    maxRedirects: 0,
    allowUnauthorizedCerts: false,
    signal: ctx.signal,
    nodeName: ctx.node.name,
  });
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    // A non-JSON answer is reported below as a missing token.
  }
  if (response.statusCode >= 400 || typeof body.access_token !== 'string') {
    // The token endpoint's answer may echo secrets, so only its status and OAuth error code are reported.
    const oauthError = typeof body.error === 'string' ? ` (${body.error})` : '';
    throw new NodeExecutionError(ctx.node.name, `Could not get an OAuth2 access token: the token endpoint answered ${response.statusCode}${oauthError}`, { itemIndex });
  }
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3600);
  return {
    accessToken: body.access_token,
    tokenType: typeof body.token_type === 'string' ? body.token_type : 'Bearer',
    expiresAt: Date.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000,
  };
}
