import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server.test-util.js';

describe('credential routes', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => server.close());

  it('creates, updates, lists and deletes without ever returning the secret', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: server.auth,
      payload: { name: 'Billing API', type: 'httpHeaderAuth', data: { name: 'Authorization', value: 'Bearer s3cr3t-value' } },
    });
    expect(created.statusCode).toBe(200);
    const credential = created.json();
    expect(credential).toMatchObject({ name: 'Billing API', type: 'httpHeaderAuth' });
    expect(Object.keys(credential).sort()).toEqual(['createdAt', 'id', 'name', 'type', 'updatedAt']);
    expect(created.body).not.toContain('s3cr3t');
    expect(await server.store.getCredentialData(credential.id)).toEqual({ name: 'Authorization', value: 'Bearer s3cr3t-value' });

    const patched = await server.app.inject({ method: 'PATCH', url: `/api/v1/credentials/${credential.id}`, headers: server.auth, payload: { data: { name: 'X-Key', value: 'n3w-s3cr3t' } } });
    expect(patched.statusCode).toBe(200);
    expect(patched.body).not.toContain('n3w');
    expect(await server.store.getCredentialData(credential.id)).toEqual({ name: 'X-Key', value: 'n3w-s3cr3t' });
    const renamed = await server.app.inject({ method: 'PATCH', url: `/api/v1/credentials/${credential.id}`, headers: server.auth, payload: { name: 'Renamed' } });
    expect(renamed.json().name).toBe('Renamed');
    const empty = await server.app.inject({ method: 'PATCH', url: `/api/v1/credentials/${credential.id}`, headers: server.auth, payload: {} });
    expect(empty.statusCode).toBe(400);

    await server.app.inject({ method: 'POST', url: '/api/v1/credentials', headers: server.auth, payload: { name: 'Other', type: 'httpBasicAuth', data: { user: 'u', password: 'pw-hidden' } } });
    const list = await server.app.inject({ method: 'GET', url: '/api/v1/credentials', headers: server.auth });
    expect(list.json().data).toHaveLength(2);
    expect(list.body).not.toContain('pw-hidden');
    const byType = await server.app.inject({ method: 'GET', url: '/api/v1/credentials?type=httpBasicAuth', headers: server.auth });
    expect(byType.json().data.map((c: { name: string }) => c.name)).toEqual(['Other']);

    const deleted = await server.app.inject({ method: 'DELETE', url: `/api/v1/credentials/${credential.id}`, headers: server.auth });
    expect(deleted.statusCode).toBe(200);
    const again = await server.app.inject({ method: 'DELETE', url: `/api/v1/credentials/${credential.id}`, headers: server.auth });
    expect(again.statusCode).toBe(404);
    const missing = await server.app.inject({ method: 'PATCH', url: '/api/v1/credentials/nope', headers: server.auth, payload: { name: 'x' } });
    expect(missing.statusCode).toBe(404);
  });

  it('requires name, type and data', async () => {
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/credentials', headers: server.auth, payload: { name: 'x', type: 'y' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'WEFT_E_INVALID_ARGUMENT', message: "body must have required property 'data'" });
  });
});
