import { ScimError } from './errors';
import { MAX_KEY_LENGTH } from './limits';
import { isPrototypeKey } from './own-keys';
import { excerpt, textProblem } from './text';

/**
 * One linear, iterative walk over a JSON value from a request (a resource or a PATCH value) that
 * refuses what could hurt the process or never be stored (issue 9): prototype keys
 * (`__proto__`, `constructor`, `prototype`, any case), control characters, oversized strings,
 * arrays and nesting. Everything is refused with 400 `invalidValue` (RFC 7644 §3.12).
 */
export interface JsonBounds {
  maxDepth: number;
  maxArrayItems: number;
  maxStringLength: number;
}

/** Counts JSON values across several walks of one request (RFC 7644 gives no limit; we do). */
export class ValueBudget {
  private used = 0;

  constructor(
    private readonly max: number,
    private readonly what: string,
  ) {}

  spend(): void {
    this.used += 1;
    if (this.used > this.max) throw ScimError.badRequest('invalidValue', `${this.what} holds more than ${this.max} values`);
  }
}

interface Pending {
  value: unknown;
  depth: number;
  where: string;
}

/**
 * `depth` is the nesting level `value` sits at: 1 for an attribute of a resource (the resource
 * object is level 0), 0 for a PATCH value, whose place in the resource depends on its path (the
 * PATCH result is validated as a resource again).
 */
export function checkJsonValue(value: unknown, bounds: JsonBounds, budget: ValueBudget, where: string, depth = 0): void {
  const stack: Pending[] = [{ value, depth, where }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    budget.spend();
    const current = item.value;
    if (typeof current === 'string') {
      checkString(current, bounds.maxStringLength, item.where);
    } else if (Array.isArray(current)) {
      if (current.length > bounds.maxArrayItems) {
        throw ScimError.badRequest('invalidValue', `'${item.where}' has more than ${bounds.maxArrayItems} elements`);
      }
      pushChildren(
        stack,
        item,
        bounds,
        current.map((element, index) => [String(index), element]),
      );
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (const [key] of entries) checkKey(key, item.where);
      pushChildren(stack, item, bounds, entries);
    }
  }
}

function pushChildren(stack: Pending[], parent: Pending, bounds: JsonBounds, children: Array<[string, unknown]>): void {
  if (children.length === 0) return;
  if (parent.depth + 1 > bounds.maxDepth) {
    throw ScimError.badRequest('invalidValue', `'${parent.where}' is nested more than ${bounds.maxDepth} levels deep`);
  }
  for (const [key, child] of children) stack.push({ value: child, depth: parent.depth + 1, where: `${parent.where}.${key}` });
}

/** A JSON key of a resource or PATCH value: an attribute name, never a prototype member. */
export function checkKey(key: string, where: string): void {
  if (isPrototypeKey(key)) throw ScimError.badRequest('invalidValue', `'${key}' is not an attribute name (in '${where}')`);
  if (key.length > MAX_KEY_LENGTH) {
    throw ScimError.badRequest('invalidValue', `An attribute name in '${where}' is longer than ${MAX_KEY_LENGTH} characters`);
  }
  const problem = textProblem(key, 'identifier');
  if (problem) throw ScimError.badRequest('invalidValue', `The attribute name ${excerpt(key)} in '${where}' ${problem}`);
}

function checkString(text: string, maxLength: number, where: string): void {
  if (text.length > maxLength) throw ScimError.badRequest('invalidValue', `'${where}' is longer than ${maxLength} characters`);
  const problem = textProblem(text, 'freeText');
  if (problem) throw ScimError.badRequest('invalidValue', `'${where}' ${problem}`);
}
