import { createHash } from 'node:crypto';
import { parseDateString } from './dates.js';
import { ExtensionError, type ExtensionTable } from './types.js';

const EMAIL = /[\w.!#$%&'*+/=?^`{|}~-]+@(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,}/;
const EMAIL_ONLY = new RegExp(`^${EMAIL.source}$`);
const URL_IN_TEXT = /(?:https?:\/\/|www\.)[^\s<>"']+/i;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,}$/;
const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha3: 'sha3-512',
  ripemd160: 'ripemd160',
};

function isNumeric(value: string): boolean {
  return value.trim() !== '' && !Number.isNaN(Number(value));
}

function parseUrl(value: string): URL | undefined {
  try {
    const url = new URL(value.startsWith('www.') ? `http://${value}` : value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function words(value: string): string[] {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s\-_]+/)
    .filter((word) => word.length > 0);
}

/** n8n's string extensions. */
export const stringExtensions: ExtensionTable<string> = {
  isEmpty: (value) => value.length === 0,
  isNotEmpty: (value) => value.length > 0,
  isBlank: (value) => value.trim().length === 0,
  length: (value) => value.length,
  toNumber: (value) => {
    if (!isNumeric(value)) throw new ExtensionError('cannot convert to number');
    return Number(value);
  },
  toInt: (value, [radix]) => {
    const parsed = parseInt(value.replace(/[$€£¥,]/g, ''), typeof radix === 'number' ? radix : 10);
    if (Number.isNaN(parsed)) throw new ExtensionError('cannot convert to integer');
    return parsed;
  },
  toFloat: (value) => {
    const parsed = parseFloat(value.replace(/[$€£¥,]/g, ''));
    if (Number.isNaN(parsed)) throw new ExtensionError('cannot convert to float');
    return parsed;
  },
  toBoolean: (value) => {
    const normalized = value.trim().toLowerCase();
    return !['', 'false', 'no', '0', 'off', 'n', 'f'].includes(normalized);
  },
  toDateTime: (value, [format], ctx) => parseDateString(value, ctx, typeof format === 'string' ? format : undefined),
  toDate: (value, _args, ctx) => parseDateString(value, ctx).toJSDate(),
  extractEmail: (value) => EMAIL.exec(value)?.[0],
  extractDomain: (value) => {
    const email = EMAIL.exec(value)?.[0];
    if (email && (email === value.trim() || !URL_IN_TEXT.test(value))) return email.split('@')[1];
    const url = parseUrl(URL_IN_TEXT.exec(value)?.[0] ?? value.trim());
    if (url) return url.hostname;
    return DOMAIN.test(value.trim()) ? value.trim() : undefined;
  },
  extractUrl: (value) => URL_IN_TEXT.exec(value)?.[0],
  extractUrlPath: (value) => parseUrl(value.trim())?.pathname,
  isEmail: (value) => EMAIL_ONLY.test(value.trim()),
  isUrl: (value) => parseUrl(value.trim()) !== undefined && /^https?:\/\//.test(value.trim()),
  isDomain: (value) => DOMAIN.test(value.trim()),
  isNumeric: (value) => isNumeric(value),
  hash: (value, [algorithm]) => {
    const name = typeof algorithm === 'string' ? algorithm.toLowerCase() : 'md5';
    if (name === 'base64') return Buffer.from(value, 'utf8').toString('base64');
    const nodeName = HASH_ALGORITHMS[name];
    if (!nodeName) throw new ExtensionError(`Unknown algorithm ${String(algorithm)}`);
    return createHash(nodeName).update(value).digest('hex');
  },
  base64Encode: (value) => Buffer.from(value, 'utf8').toString('base64'),
  base64Decode: (value) => Buffer.from(value, 'base64').toString('utf8'),
  urlEncode: (value, [entire]) => (entire === true ? encodeURI(value) : encodeURIComponent(value)),
  urlDecode: (value, [entire]) => (entire === true ? decodeURI(value) : decodeURIComponent(value)),
  toTitleCase: (value) => value.replace(/\S+/g, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()),
  toSentenceCase: (value) =>
    value.toLowerCase().replace(/(^\s*|[.!?]\s+)([a-z\u00e0-\u00ff])/g, (_m, lead: string, letter: string) => lead + letter.toUpperCase()),
  toSnakeCase: (value) =>
    value
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[\s-]+/g, '_')
      .toLowerCase(),
  toCamelCase: (value) =>
    words(value)
      .map((word, index) => (index === 0 ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()))
      .join(''),
  removeTags: (value) => value.replace(/<[^>]*>?/g, ''),
  removeMarkdown: (value) =>
    value
      .replace(/^#{1,6}\s*/gm, '')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/(\*\*|__)(.*?)\1/g, '$2')
      .replace(/(\*|_)(.*?)\1/g, '$2')
      .replace(/~~(.*?)~~/g, '$1')
      .replace(/`{1,3}([^`]*)`{1,3}/g, '$1')
      .replace(/^\s*>\s?/gm, '')
      .replace(/^\s*[-*+]\s+/gm, '')
      .replace(/^\s*\d+\.\s+/gm, ''),
  replaceSpecialChars: (value) => value.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
  quote: (value, [mark]) => {
    const q = typeof mark === 'string' ? mark : '"';
    return `${q}${value.replaceAll(q, `\\${q}`)}${q}`;
  },
  toJsonString: (value) => JSON.stringify(value),
  parseJson: (value) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new ExtensionError('could not parse JSON');
    }
  },
};
