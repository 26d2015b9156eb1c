import { createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { cryptoNode } from './crypto.js';
import { cryptoV2 } from './v2.js';

describe('Crypto v1', () => {
  it('hashes with MD5 in hex by default, keeping the input fields', async () => {
    const [out] = await runNodeForTest(cryptoNode, { parameters: { value: 'hello' }, json: [{ id: 7 }] });
    expect(jsonOf(out)).toEqual([{ id: 7, data: '5d41402abc4b2a76b9719d911017c592' }]);
  });

  it('supports SHA and SHA3 types and base64 output, under a literal dotted key', async () => {
    const [sha] = await runNodeForTest(cryptoNode, { parameters: { type: 'SHA256', value: 'abc', dataPropertyName: 'a.b' } });
    expect(jsonOf(sha)).toEqual([{ 'a.b': 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' }]);
    const [sha3] = await runNodeForTest(cryptoNode, { parameters: { type: 'SHA3-256', value: 'abc', encoding: 'base64' } });
    expect(jsonOf(sha3)).toEqual([{ data: 'Ophdp0/iJbIEXBcta9OQvYVfCG4+nVJbRr/iRRFDFTI=' }]);
  });

  it('computes an HMAC with the secret', async () => {
    const [out] = await runNodeForTest(cryptoNode, {
      parameters: { action: 'hmac', type: 'SHA256', value: 'The quick brown fox jumps over the lazy dog', secret: 'key' },
    });
    expect(jsonOf(out)).toEqual([{ data: 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8' }]);
  });

  it('hashes a binary property and drops the binary data from the output', async () => {
    const binary = { file: { data: Buffer.from('hello').toString('base64'), mimeType: 'text/plain' } };
    const [out] = await runNodeForTest(cryptoNode, {
      parameters: { binaryData: true, binaryPropertyName: 'file', type: 'SHA1' },
      inputs: [[{ json: { a: 1 }, binary }]],
    });
    expect(out).toEqual([{ json: { a: 1, data: 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d' }, pairedItem: { item: 0 } }]);
  });

  it('keeps binary data it did not hash', async () => {
    const binary = { file: { data: 'AA==', mimeType: 'application/octet-stream' } };
    const [out] = await runNodeForTest(cryptoNode, { parameters: { value: 'x' }, inputs: [[{ json: {}, binary }]] });
    expect(out?.[0]?.binary).toEqual(binary);
  });

  it('fails with n8n wording when the binary property is missing', async () => {
    await expect(runNodeForTest(cryptoNode, { parameters: { binaryData: true } })).rejects.toMatchObject({
      message: "This operation expects the node's input data to contain a binary file 'data', but none was found [item 0]",
      description: 'Make sure that the previous node outputs a binary file',
    });
    const [out] = await runNodeForTest(cryptoNode, {
      parameters: { binaryData: true, binaryPropertyName: 'nope' },
      inputs: [[{ json: {}, binary: { other: { data: '', mimeType: 'text/plain' } } }]],
      nodeFields: { onError: 'continueRegularOutput' },
    });
    expect(jsonOf(out)).toEqual([{ error: "The item has no binary field 'nope' [item 0]" }]);
  });

  it('signs a value that the public key verifies', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const [out] = await runNodeForTest(cryptoNode, {
      parameters: { action: 'sign', value: 'payload', algorithm: 'RSA-SHA256', encoding: 'base64', privateKey: pem, dataPropertyName: 'sig' },
    });
    const signature = String(jsonOf(out)[0]?.sig);
    const verifier = createVerify('RSA-SHA256');
    verifier.update('payload');
    expect(verifier.verify(publicKey, signature, 'base64')).toBe(true);
  });

  it('generates UUIDs and random strings of the requested length and alphabet', async () => {
    const [uuid] = await runNodeForTest(cryptoNode, { parameters: { action: 'generate' }, json: [{}, {}] });
    const ids = jsonOf(uuid).map((json) => json.data);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toEqual(ids[1]);
    const [hex] = await runNodeForTest(cryptoNode, { parameters: { action: 'generate', encodingType: 'hex', stringLength: 10 } });
    expect(jsonOf(hex)[0]?.data).toMatch(/^[0-9a-f]{10}$/);
    const [b64] = await runNodeForTest(cryptoNode, { parameters: { action: 'generate', encodingType: 'base64' } });
    expect(jsonOf(b64)[0]?.data).toMatch(/^[A-Za-z0-9]{1,32}$/);
  });

  it('reports an unsupported hash type', async () => {
    await expect(runNodeForTest(cryptoNode, { parameters: { type: 'NOPE', value: 'x' } })).rejects.toThrow(/Digest method not supported|Invalid digest/);
  });
});

describe('Crypto v2', () => {
  it('hashes with SHA256 by default', async () => {
    const [out] = await runNodeForTest(cryptoV2, { parameters: { value: 'abc' }, json: [{ id: 1 }] });
    expect(jsonOf(out)).toEqual([{ id: 1, data: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' }]);
  });

  it('generates a uuid like v1', async () => {
    const [out] = await runNodeForTest(cryptoV2, { parameters: { action: 'generate', dataPropertyName: 'id' } });
    expect(String(jsonOf(out)[0]!.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses hmac and sign, whose keys come from a credential, even when continuing on fail', async () => {
    const options = { parameters: { action: 'hmac', value: 'x' }, nodeFields: { onError: 'continueRegularOutput' as const } };
    await expect(runNodeForTest(cryptoV2, options)).rejects.toThrow('Credentials of type "crypto" are not available in Weft');
  });

  it('reports an item failure as { message, name } when continuing on fail', async () => {
    const parameters = { type: 'NOPE', value: 'x' };
    const [out] = await runNodeForTest(cryptoV2, { parameters, nodeFields: { onError: 'continueRegularOutput' } });
    const error = jsonOf(out)[0]!.error as Record<string, unknown>;
    expect(error.message).toBe('Digest method not supported');
    expect(error.name).toBe('Error');
  });
});
