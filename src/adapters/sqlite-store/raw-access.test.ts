import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from './connection.js';
import { rawAccess, type RawAccess } from './raw-access.js';
import { immediateTransaction } from './transaction.js';

let connection: ReturnType<typeof openSqlite>;
let access: RawAccess;

beforeEach(() => {
  connection = openSqlite({ file: ':memory:', busyTimeoutMs: 100 });
  connection.raw.exec('create table notes (text text not null)');
  access = rawAccess(connection.raw, connection.db);
});
afterEach(async () => {
  await connection.db.destroy();
});

const notes = (): string[] => (connection.raw.prepare('select text from notes order by rowid').all() as Array<{ text: string }>).map((row) => row.text);

describe('SQLite raw access (hot statements beside Kysely)', () => {
  it('waits for an open Kysely transaction instead of joining it, so its rollback takes none of the raw write', async () => {
    let inside!: () => void;
    const transactionStarted = new Promise<void>((resolve) => {
      inside = resolve;
    });
    const failing = immediateTransaction(connection.db, async (trx) => {
      await sql`insert into notes (text) values ('from the transaction')`.execute(trx);
      inside();
      // The transaction awaits between statements: this is where a raw write could slip in.
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('abort');
    });
    await transactionStarted;
    const raw = access.exclusive(() => access.statement("insert into notes (text) values ('raw')").run().changes);
    await expect(failing).rejects.toThrow('abort');
    expect(await raw).toBe(1);
    expect(notes()).toEqual(['raw']);
  });

  it('rolls a raw transaction back when its work throws, leaving the connection usable', async () => {
    const insert = (text: string): void => {
      access.statement('insert into notes (text) values (?)').run(text);
    };
    await expect(
      access.transaction(() => {
        insert('lost');
        throw new Error('half-way');
      }),
    ).rejects.toThrow('half-way');
    expect(connection.raw.inTransaction).toBe(false);
    expect(await access.transaction(() => (insert('kept'), 'done'))).toBe('done');
    expect(notes()).toEqual(['kept']);
  });

  it('prepares each statement text once', () => {
    const text = 'select count(*) as count from notes';
    expect(access.statement(text)).toBe(access.statement(text));
  });
});
