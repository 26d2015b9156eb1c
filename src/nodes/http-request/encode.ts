import { randomBytes } from 'node:crypto';
import type { BodySpec, RequestSpec } from './request-spec.js';

/** The wire form of a request: final URL (query merged in), headers and body bytes. */
export interface EncodedRequest {
  url: URL;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

/** Merges the query into the URL and encodes the body, setting its content type unless one was given. */
export function encodeRequest(spec: RequestSpec, extra: { headers: Record<string, string>; query: Record<string, string> }): EncodedRequest {
  const url = new URL(spec.url);
  // Parameters replace same-named ones in the URL, so pagination can update a page number written in the URL.
  for (const [name, value] of Object.entries({ ...spec.query, ...extra.query })) url.searchParams.set(name, value);
  const headers: Record<string, string> = { accept: 'application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7', ...spec.headers, ...extra.headers };
  const encoded = encodeBody(spec.body);
  if (encoded && headers['content-type'] === undefined) headers['content-type'] = encoded.contentType;
  return { url, headers, body: encoded?.data };
}

function encodeBody(body: BodySpec): { data: Buffer; contentType: string } | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return { data: Buffer.from(JSON.stringify(body.value ?? {})), contentType: 'application/json' };
    case 'form':
      return { data: Buffer.from(new URLSearchParams(body.fields).toString()), contentType: 'application/x-www-form-urlencoded' };
    case 'formString':
      return { data: Buffer.from(body.text), contentType: 'application/x-www-form-urlencoded' };
    case 'raw':
      return { data: body.data, contentType: body.contentType };
    case 'multipart': {
      const boundary = `----WeftFormBoundary${randomBytes(12).toString('hex')}`;
      const chunks: Buffer[] = [];
      for (const part of body.parts) {
        const name = quote(part.name);
        if ('file' in part) {
          chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${quote(part.fileName)}"\r\nContent-Type: ${part.mimeType}\r\n\r\n`));
          chunks.push(part.file, Buffer.from('\r\n'));
        } else {
          chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${part.value}\r\n`));
        }
      }
      chunks.push(Buffer.from(`--${boundary}--\r\n`));
      return { data: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
    }
  }
}

/** Escapes a multipart header value the way browsers do. */
function quote(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}
