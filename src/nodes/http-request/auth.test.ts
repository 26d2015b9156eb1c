import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CredentialsProvider } from '../../core/node-api/index.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { clearOAuth2Tokens } from './auth.js';
import { httpRequest } from './http-request.js';
import { resetNetworkPolicy, startTestServer, useTestNetworkPolicy, type TestServer } from './test-server.test-util.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  resetNetworkPolicy();
});
beforeEach(() => {
  useTestNetworkPolicy();
  clearOAuth2Tokens();
});

/** Credentials by type, and which types the node asked for. */
function provider(byType: Record<string, Record<string, unknown>>): CredentialsProvider & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get: (_node, type) => {
      asked.push(type);
      const data = byType[type];
      return data ? Promise.resolve(data) : Promise.reject(new Error(`no credential of type ${type}`));
    },
  };
}

const generic = (genericAuthType: string) => ({ url: `${server.base}/secure`, authentication: 'genericCredentialType', genericAuthType });

describe('HTTP Request: authentication', () => {
  beforeEach(() => server.on(() => ({ body: { ok: true } })));

  it('sends basic auth', async () => {
    const credentials = provider({ httpBasicAuth: { user: 'ada', password: 's3cret' } });
    await runNodeForTest(httpRequest, { parameters: generic('httpBasicAuth'), credentials });
    expect(server.received.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('ada:s3cret').toString('base64')}`);
    expect(credentials.asked).toEqual(['httpBasicAuth']);
  });

  it('sends a header credential', async () => {
    await runNodeForTest(httpRequest, { parameters: generic('httpHeaderAuth'), credentials: provider({ httpHeaderAuth: { name: 'X-Api-Key', value: 'k-123' } }) });
    expect(server.received.at(-1)?.headers['x-api-key']).toBe('k-123');
  });

  it('sends a bearer token', async () => {
    await runNodeForTest(httpRequest, { parameters: generic('httpBearerAuth'), credentials: provider({ httpBearerAuth: { token: 'tok' } }) });
    expect(server.received.at(-1)?.headers.authorization).toBe('Bearer tok');
  });

  it('gets an OAuth2 client-credentials token once and uses it', async () => {
    let tokensIssued = 0;
    server.on((req) => {
      if (req.path === '/token') {
        tokensIssued++;
        const form = new URLSearchParams(req.body.toString());
        const basic = Buffer.from('cid:csecret').toString('base64');
        if (req.headers.authorization !== `Basic ${basic}` || form.get('grant_type') !== 'client_credentials' || form.get('scope') !== 'read') {
          return { status: 401, body: { error: 'invalid_client' } };
        }
        return { body: { access_token: `at-${tokensIssued}`, token_type: 'Bearer', expires_in: 3600 } };
      }
      return req.headers.authorization === 'Bearer at-1' ? { body: { ok: true } } : { status: 401, body: {} };
    });
    const credentials = provider({ oAuth2Api: { grantType: 'clientCredentials', accessTokenUrl: `${server.base}/token`, clientId: 'cid', clientSecret: 'csecret', scope: 'read', authentication: 'header' } });
    const [out] = await runNodeForTest(httpRequest, { parameters: generic('oAuth2Api'), credentials, json: [{}, {}] });
    expect(jsonOf(out)).toEqual([{ ok: true }, { ok: true }]);
    expect(tokensIssued).toBe(1);
  });

  it('reports a refused OAuth2 token without echoing secrets', async () => {
    server.on(() => ({ status: 401, body: { error: 'invalid_client', error_description: 'bad secret csecret' } }));
    const credentials = provider({ oAuth2Api: { accessTokenUrl: `${server.base}/token`, clientId: 'cid', clientSecret: 'csecret' } });
    const error = (await runNodeForTest(httpRequest, { parameters: generic('oAuth2Api'), credentials }).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe('Could not get an OAuth2 access token: the token endpoint answered 401 (invalid_client)');
    expect(JSON.stringify(error)).not.toContain('csecret');
  });

  it('fails clearly when the run has no credentials', async () => {
    await expect(runNodeForTest(httpRequest, { parameters: generic('httpBasicAuth') })).rejects.toThrow('Credentials of type "httpBasicAuth" are needed, but none are available in this run');
    expect(server.received).toHaveLength(0);
  });

  it('refuses an unsupported credential type', async () => {
    await expect(runNodeForTest(httpRequest, { parameters: generic('httpDigestAuth'), credentials: provider({}) })).rejects.toThrow('Authentication "httpDigestAuth" is not supported');
  });
});
