// @ts-check
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', 'data/', 'dist/', 'coverage/', 'bench-results/', 'reports/', '.stryker-tmp/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Workflow code is replayed: it must stay deterministic and free of I/O. Only the workflow SDK,
    // pure Temporal types, other workflow files and type-only imports of activities are allowed.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...NODE_BUILTINS.flatMap((name) => [name, `node:${name}`]).map((name) => ({
              name,
              message: 'No Node builtins in workflow code.',
            })),
            ...[
              'knex',
              'pg',
              'koa',
              '@koa/router',
              '@koa/bodyparser',
              'zod',
              '@temporalio/client',
              '@temporalio/worker',
              '@temporalio/activity',
              '@electric-sql/pglite',
              'knex-pglite',
            ].map((name) => ({ name, message: 'Workflows do no I/O: put it in an activity.' })),
          ],
          patterns: [
            {
              group: ['../src/*', '../src/**', '../../src/*', '../../src/**'],
              allowTypeImports: true,
              message: 'Workflows import only workflow files (and `import type` of plain shared types and activities).',
            },
            { group: ['../activities', '../activities/*'], allowTypeImports: true, message: 'Import activities with `import type` only.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'fetch', message: 'Workflows do no I/O: put it in an activity.' },
        { name: 'process', message: 'Workflows read no environment.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Non-deterministic: pass randomness in, or use uuid4() from @temporalio/workflow.' },
      ],
    },
  },
);
