import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWorkflowText } from '../core/model/parse.js';
import { loadConfig } from '../config/config.js';
import { createSilentLogger } from '../logging/logger.js';
import { createVirtualClock } from '../runtime/clock.js';
import { createEngine } from '../runtime/engine.js';
import { checkFixture } from './check-fixture.js';
import { findWorkflowFiles } from './run-compat.js';

/**
 * Runs n8n's own workflow fixtures (test data in ../shared, never copied into the project) against the list of
 * known failures. An unexpected failure fails, and so does an unexpected pass: the list may only shrink.
 */
const here = dirname(fileURLToPath(import.meta.url));
const fixturesDir = resolve(here, '..', '..', '..', 'shared', 'n8n-fixtures');
const knownFailures = JSON.parse(readFileSync(join(here, 'known-failures.json'), 'utf8')) as Record<string, string>;
const available = existsSync(fixturesDir);
const files = available ? await findWorkflowFiles(fixturesDir) : [];

if (!available) {
  console.warn(`n8n fixtures skipped: ${fixturesDir} does not exist`);
}

describe.skipIf(!available)('n8n fixtures', () => {
  process.env.TZ = 'UTC';
  const engine = createEngine(loadConfig({ WEFT_LOG_LEVEL: 'silent' }), createSilentLogger(), { clock: createVirtualClock() });
  afterAll(() => engine.close());

  it('lists only fixtures that exist', () => {
    expect(Object.keys(knownFailures).filter((file) => !files.includes(file))).toEqual([]);
  });

  it.each(files)('%s', async (file) => {
    const [document] = parseWorkflowText(readFileSync(join(fixturesDir, file), 'utf8'), file);
    const outcome = await checkFixture(document!, engine.registry, (workflow) => engine.execute(workflow, { mode: 'manual' }));
    const known = knownFailures[file];
    if (known === undefined) {
      expect(outcome.ok ? 'ok' : outcome.reason).toBe('ok');
    } else {
      expect(outcome.ok, `${file} passes now: remove it from src/compat/known-failures.json (was: ${known})`).toBe(false);
    }
  });
});
