// @ts-check
/**
 * Mutation testing (`npm run test:mutation`, issue 10): mutates the pure SCIM protocol code and the
 * pure domain rules (and the filter-to-SQL translation beside the stores) and runs the unit tests against each mutant. A surviving mutant is a change to
 * the code that no unit test notices. Kept outside `npm test` because a run takes minutes.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  packageManager: 'npm',
  mutate: ['src/scim/**/*.ts', 'src/domain/**/*.ts', 'src/stores/filter-sql/**/*.ts'],
  testRunner: 'jest',
  mutator: {
    // String literals here are error details and trusted SQL fragments; on two shared cores they
    // were a quarter of the run. Messages are pinned by the unit tests where the RFC names them.
    excludedMutations: ['StringLiteral'],
  },
  jest: {
    projectType: 'custom',
    configFile: 'jest.mutation.config.js',
    // Each mutant runs only the test files that import the mutated file.
    enableFindRelatedTests: true,
  },
  // The project runs under --disable-proto=throw (package.json); the tests rely on it (issue 9's
  // prototype-key tests), so the test runner processes get the same flag.
  testRunnerNodeArgs: ['--disable-proto=throw'],
  coverageAnalysis: 'perTest',
  // Two shared cores: at most two test runners.
  concurrency: 2,
  // Static mutants (module-level constants: schema tables, limits, role lists) can only be tested
  // by reloading every test file in a fresh module registry; on this machine they took about 60%
  // of the run time for 12% of the mutants. They are reported as "ignored", not counted.
  ignoreStatic: true,
  // Reruns only mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: 80 },
  // Tool venvs (symlinked lib64), data and bench output are not part of the code under test.
  ignorePatterns: ['/.tools', '/data', '/bench-results', '/scripts/bench/peer/node_modules'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

export default config;
