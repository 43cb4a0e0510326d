/**
 * Jest config for Stryker (stryker.config.mjs): the `unit` project of jest.config.js, limited to
 * the tests of the mutated code (test/unit/scim, test/unit/domain, test/unit/stores: the filter-to-SQL translation). Left out, because each would
 * run again for most mutants and a run must fit on two shared cores:
 * - replay and integration tests (workflows, PostgreSQL, Temporal: they do not exercise src/scim alone);
 * - test/unit/http, temporal, failures and config (other modules; slow app set-up);
 * - patch-properties.test.ts: fast-check generates hundreds of cases per run, seconds per mutant;
 *   the PATCH mutants are pinned by patch.test.ts and patch-rules.test.ts.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

const unit = base.projects.find((project) => project.displayName === 'unit');
if (!unit) throw new Error('jest.config.js has no `unit` project');

const { displayName: _displayName, ...unitOptions } = unit;

module.exports = {
  ...unitOptions,
  rootDir: __dirname,
  testMatch: [
    '<rootDir>/test/unit/scim/**/*.test.ts',
    '<rootDir>/test/unit/domain/**/*.test.ts',
    '<rootDir>/test/unit/stores/**/*.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/scim/patch-properties\\.test\\.ts$'],
};
