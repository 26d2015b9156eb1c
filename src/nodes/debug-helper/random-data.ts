import { seededRandom } from './seeded-random.js';

const firstNames = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'Dennis', 'Radia', 'Linus'];
const lastNames = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Allen', 'Ritchie', 'Perlman', 'Torvalds'];
const domains = ['example.com', 'example.org', 'example.net'];

/** The kinds of random data Debug Helper generates (n8n's `randomDataType`). */
export type RandomDataType = 'user' | 'email' | 'firstname' | 'lastname' | 'password' | 'uuid' | 'number' | 'ipv4' | 'nanoid';

/** Generates `count` records of `type`, repeatable for a given seed. */
export function generateRandomData(type: RandomDataType, count: number, seed: string): Record<string, unknown>[] {
  const random = seededRandom(seed || String(Date.now()));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const hex = (length: number): string => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
  const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
  const password = (): string => Array.from({ length: 12 }, () => String.fromCharCode(33 + Math.floor(random() * 94))).join('');
  const records: Record<string, unknown>[] = [];
  for (let index = 0; index < count; index++) {
    const firstname = pick(firstNames);
    const lastname = pick(lastNames);
    const email = `${firstname}.${lastname}${Math.floor(random() * 100)}@${pick(domains)}`.toLowerCase();
    switch (type) {
      case 'user':
        records.push({ uid: uuid(), email, firstname, lastname, password: password() });
        break;
      case 'email':
        records.push({ email });
        break;
      case 'firstname':
        records.push({ firstname });
        break;
      case 'lastname':
        records.push({ lastname });
        break;
      case 'password':
        records.push({ password: password() });
        break;
      case 'uuid':
        records.push({ uuid: uuid() });
        break;
      case 'number':
        records.push({ number: Math.floor(random() * 1_000_000) });
        break;
      case 'ipv4':
        records.push({ ip: Array.from({ length: 4 }, () => Math.floor(random() * 256)).join('.') });
        break;
      case 'nanoid':
        records.push({ nanoId: Array.from({ length: 16 }, () => pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'])).join('') });
        break;
    }
  }
  return records;
}
