/**
 * The bound for the unit tests' "linear time on request data" checks (issue 9): generous enough
 * for a loaded CI machine, far below what a quadratic algorithm needs on their inputs. Under
 * Stryker (`npm run test:mutation`) the code runs instrumented, several times slower, so the bound
 * is lifted there: a mutant that turns a loop quadratic hits Stryker's own timeout instead and is
 * counted as detected.
 */
export const LINEAR_TIME_BUDGET_MS = process.env.STRYKER_MUTATOR_WORKER === undefined ? 1000 : 30_000;
