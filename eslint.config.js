// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Modules that do I/O. `src/core` is pure (model, validation, graph, scheduler, expressions): it must import none. */
const ioModules = [
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'tls', 'child_process', 'cluster', 'worker_threads',
  'readline', 'os', 'process', 'vm',
  'pg', 'pg-pool', 'better-sqlite3', 'kysely', 'amqplib', 'rabbitmq-client', 'ioredis', 'redis', 'fastify', 'undici',
  'axios', 'isolated-vm', 'pino', 'croner',
];
const ioPatterns = ioModules.flatMap((name) => [name, `node:${name}`, `${name}/*`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ioPatterns, message: 'src/core is pure: no I/O imports. Do the I/O in src/runtime or an adapter.' }],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'src/core is pure: pass configuration in instead of reading process.' },
        { name: 'setTimeout', message: 'src/core is pure: the scheduler emits timer commands; the runtime owns timers.' },
        { name: 'setInterval', message: 'src/core is pure: the runtime owns timers.' },
        { name: 'fetch', message: 'src/core is pure: no network I/O.' },
      ],
    },
  },
);
