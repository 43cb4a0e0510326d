/**
 * Jest config for Stryker (stryker.config.mjs): the `unit` project of jest.config.js alone, minus
 * the replay tests. Mutants live in src/scim and src/domain, which workflow replay never reaches,
 * and integration tests need PostgreSQL and Temporal; running either per mutant would only cost time.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

const unit = base.projects.find((project) => project.displayName === 'unit');
if (!unit) throw new Error('jest.config.js has no `unit` project');

const { displayName: _displayName, ...unitOptions } = unit;

module.exports = {
  ...unitOptions,
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
};
