import { seededRandom } from './seeded-random.js';

const firstNames = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'Dennis', 'Radia', 'Linus'];
const lastNames = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Allen', 'Ritchie', 'Perlman', 'Torvalds'];
const streets = ['Main Street', 'Oak Avenue', 'Maple Road', 'Cedar Lane', 'Elm Street', 'Pine Drive'];
const cities = ['Springfield', 'Riverton', 'Fairview', 'Lakewood', 'Georgetown', 'Salem'];
const states = ['California', 'Texas', 'Oregon', 'Ohio', 'Vermont', 'Nevada'];
const countries = ['United States', 'Canada', 'Germany', 'France', 'Japan', 'Brazil'];
const domains = ['example.com', 'example.org', 'example.net'];
const tlds = ['com', 'org', 'net', 'io'];

/**
 * The kinds of random data Debug Helper generates: n8n's `randomDataType` values, plus a few Weft-only ones kept
 * for workflows saved by earlier Weft versions (`firstname`, `lastname`, `password`, `number`).
 */
export type RandomDataType =
  | 'address' | 'latLong' | 'creditCard' | 'email' | 'ipv4' | 'ipv6' | 'macAddress' | 'nanoid' | 'url' | 'user' | 'uuid' | 'semver'
  | 'firstname' | 'lastname' | 'password' | 'number';

/** The names accepted for `randomDataType`. */
export const randomDataTypes: ReadonlySet<string> = new Set<RandomDataType>([
  'address', 'latLong', 'creditCard', 'email', 'ipv4', 'ipv6', 'macAddress', 'nanoid', 'url', 'user', 'uuid', 'semver',
  'firstname', 'lastname', 'password', 'number',
]);

/** Options of one generation run. */
export interface RandomDataOptions {
  readonly nanoidAlphabet: string;
  readonly nanoidLength: number;
}

/**
 * Makes a generator of `type` records over a random source. n8n emits bare strings for the scalar kinds (uuid,
 * ipv4, url…); an item's json must be an object, so Weft puts those under a key named after the kind.
 */
export function randomRecordFactory(type: RandomDataType, random: () => number, options: RandomDataOptions): () => Record<string, unknown> {
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const hex = (length: number): string => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
  const digits = (length: number): string => Array.from({ length }, () => String(int(0, 9))).join('');
  const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
  const password = (): string => Array.from({ length: 12 }, () => String.fromCharCode(33 + Math.floor(random() * 94))).join('');
  const email = (): string => `${pick(firstNames)}.${pick(lastNames)}${int(0, 99)}@${pick(domains)}`.toLowerCase();
  const pad2 = (value: number): string => String(value).padStart(2, '0');
  switch (type) {
    case 'user':
      return () => ({ uid: uuid(), email: email(), firstname: pick(firstNames), lastname: pick(lastNames), password: password() });
    case 'address':
      return () => ({
        firstname: pick(firstNames),
        lastname: pick(lastNames),
        street: `${int(1, 9999)} ${pick(streets)}`,
        city: pick(cities),
        zip: digits(5),
        state: pick(states),
        country: pick(countries),
      });
    case 'email':
      return () => ({ email: email(), confirmed: random() < 0.5 });
    case 'creditCard':
      return () => ({
        type: random() < 0.5 ? 'MasterCard' : 'Visa',
        number: `${int(4, 5)}${digits(15)}`,
        ccv: digits(3),
        exp: `${pad2(int(1, 12))}/${pad2(int(1, 40))}`,
        holder_name: `${pick(firstNames)} ${pick(lastNames)}`,
      });
    case 'uuid':
      return () => ({ uuid: uuid() });
    case 'macAddress':
      return () => ({ macAddress: Array.from({ length: 6 }, () => hex(2)).join(':') });
    case 'ipv4':
      return () => ({ ip: Array.from({ length: 4 }, () => int(0, 255)).join('.') });
    case 'ipv6':
      return () => ({ ipv6: Array.from({ length: 8 }, () => hex(4)).join(':') });
    case 'latLong':
      return () => ({ latLong: `${(random() * 180 - 90).toFixed(6)}, ${(random() * 360 - 180).toFixed(6)}` });
    case 'semver':
      return () => ({ semver: `${int(0, 20)}.${int(0, 20)}.${int(0, 20)}` });
    case 'url':
      return () => ({ url: `https://${pick(lastNames).toLowerCase()}.${pick(tlds)}` });
    case 'nanoid': {
      const alphabet = [...options.nanoidAlphabet];
      return () => ({ nanoId: alphabet.length === 0 ? '' : Array.from({ length: options.nanoidLength }, () => pick(alphabet)).join('') });
    }
    case 'firstname':
      return () => ({ firstname: pick(firstNames) });
    case 'lastname':
      return () => ({ lastname: pick(lastNames) });
    case 'password':
      return () => ({ password: password() });
    case 'number':
      return () => ({ number: int(0, 999_999) });
  }
}

/** Generates `count` records of `type`, repeatable for a given non-empty seed. */
export function generateRandomData(type: RandomDataType, count: number, seed: string, options: RandomDataOptions): Record<string, unknown>[] {
  const next = randomRecordFactory(type, seededRandom(seed || `${Date.now()}:${Math.random()}`), options);
  return Array.from({ length: count }, () => next());
}
