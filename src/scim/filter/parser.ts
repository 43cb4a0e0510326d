import { ScimError } from '../errors';
import { MAX_ATTRIBUTE_PATH_LENGTH, MAX_FILTER_LENGTH, MAX_FILTER_NESTING, MAX_FILTER_NODES } from '../limits';
import { isPrototypeKey } from '../own-keys';
import { COMPARE_OPS, type AttrPath, type CompareOp, type CompareValue, type Filter } from './ast';
import { tokenize, type Token } from './lexer';

/**
 * Recursive-descent parser for RFC 7644 §3.4.2.2 filters. Precedence, highest first:
 * grouping and `not`, then `and`, then `or`; `and`/`or` associate to the left.
 */
export function parseFilter(input: string): Filter {
  if (input.length > MAX_FILTER_LENGTH) {
    throw ScimError.badRequest('invalidFilter', `Filter is too long (${MAX_FILTER_LENGTH} characters at most)`);
  }
  const parser = new Parser(tokenize(input));
  const filter = parser.parseOr();
  parser.expectEnd();
  return filter;
}

/**
 * Parses a PATCH path or filter attribute path such as `urn:...:User:name.givenName`. Refuses
 * segments that name a prototype member (`__proto__`, `constructor`, `prototype`, any case):
 * these paths end up as object keys (issue 9). Errors are `invalidFilter`; PATCH paths,
 * projections and sortBy rethrow them with their own scimType.
 */
export function parseAttrPath(text: string): AttrPath {
  if (text.length > MAX_ATTRIBUTE_PATH_LENGTH) {
    throw ScimError.badRequest('invalidFilter', `Attribute path is too long (${MAX_ATTRIBUTE_PATH_LENGTH} characters at most)`);
  }
  const colon = text.lastIndexOf(':');
  const schema = colon >= 0 ? text.slice(0, colon) : undefined;
  const rest = colon >= 0 ? text.slice(colon + 1) : text;
  const [attr, sub, ...extra] = rest.split('.');
  if (!attr || extra.length > 0 || sub === '' || !ATTR_NAME.test(attr) || (sub !== undefined && !ATTR_NAME.test(sub))) {
    throw ScimError.badRequest('invalidFilter', `Invalid attribute path '${text}'`);
  }
  if (schema !== undefined && !/^urn:[A-Za-z0-9:._-]+$/i.test(schema)) {
    throw ScimError.badRequest('invalidFilter', `Invalid schema URN in '${text}'`);
  }
  const segments = [attr, ...(sub !== undefined ? [sub] : []), ...(schema !== undefined ? schema.split(/[:.]/) : [])];
  if (segments.some(isPrototypeKey)) {
    throw ScimError.badRequest('invalidFilter', `'${text}' names no attribute: __proto__, constructor and prototype are refused`);
  }
  return { ...(schema ? { schema } : {}), attr, ...(sub ? { sub } : {}) };
}

/** RFC 7643 §2.1 ATTRNAME (plus `$` for `$ref`); anchored with one quantifier, so linear. */
const ATTR_NAME = /^[A-Za-z_$][\w$-]*$/;

class Parser {
  private index = 0;
  /** Filter nodes built so far and the current nesting of `(`, `not (` and `[`: both capped. */
  private nodes = 0;
  private nesting = 0;

  constructor(private readonly tokens: Token[]) {}

  parseOr(): Filter {
    let left = this.parseAnd();
    while (this.peekKeyword('or')) {
      this.index += 1;
      this.countNode();
      left = { type: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  expectEnd(): void {
    const token = this.tokens[this.index];
    if (token) throw this.error(`Unexpected ${describe(token)}`, token);
  }

  private parseAnd(): Filter {
    let left = this.parseUnary();
    while (this.peekKeyword('and')) {
      this.index += 1;
      this.countNode();
      left = { type: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Filter {
    const token = this.next('a filter expression');
    this.countNode();
    if (token.kind === 'lparen') {
      const inner = this.nested(token, () => this.parseOr());
      this.expect('rparen', "')'");
      return inner;
    }
    if (token.kind === 'word' && token.text.toLowerCase() === 'not' && this.tokens[this.index]?.kind === 'lparen') {
      this.index += 1;
      const inner = this.nested(token, () => this.parseOr());
      this.expect('rparen', "')'");
      return { type: 'not', filter: inner };
    }
    if (token.kind !== 'word') throw this.error(`Expected an attribute name, found ${describe(token)}`, token);
    const path = parseAttrPath(token.text);

    if (this.tokens[this.index]?.kind === 'lbracket') {
      this.index += 1;
      if (path.sub) throw this.error(`A value filter cannot follow a sub-attribute in '${token.text}'`, token);
      const inner = this.nested(token, () => this.parseOr());
      this.expect('rbracket', "']'");
      return { type: 'valuePath', path, filter: inner };
    }

    const opToken = this.next(`an operator after '${token.text}'`);
    if (opToken.kind !== 'word') throw this.error(`Expected an operator, found ${describe(opToken)}`, opToken);
    const op = opToken.text.toLowerCase();
    if (op === 'pr') return { type: 'present', path };
    if (!(COMPARE_OPS as readonly string[]).includes(op)) {
      throw this.error(`Unknown operator '${opToken.text}'`, opToken);
    }
    return { type: 'compare', path, op: op as CompareOp, value: this.parseValue() };
  }

  private parseValue(): CompareValue {
    const token = this.next('a comparison value');
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    if (token.kind === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
    }
    throw this.error(`Expected a string, number, true, false or null, found ${describe(token)}`, token);
  }

  /** Bounds the recursion (and the work of every later tree walk) by the nesting cap. */
  private nested(token: Token, parse: () => Filter): Filter {
    this.nesting += 1;
    if (this.nesting > MAX_FILTER_NESTING) throw this.error(`Filter is nested more than ${MAX_FILTER_NESTING} levels deep`, token);
    const inner = parse();
    this.nesting -= 1;
    return inner;
  }

  private countNode(): void {
    this.nodes += 1;
    if (this.nodes > MAX_FILTER_NODES) {
      throw ScimError.badRequest('invalidFilter', `Filter has more than ${MAX_FILTER_NODES} expressions`);
    }
  }

  private peekKeyword(keyword: string): boolean {
    const token = this.tokens[this.index];
    return token?.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  private next(what: string): Token {
    const token = this.tokens[this.index];
    if (!token) throw ScimError.badRequest('invalidFilter', `Unexpected end of filter, expected ${what}`);
    this.index += 1;
    return token;
  }

  private expect(kind: Token['kind'], what: string): void {
    const token = this.next(what);
    if (token.kind !== kind) throw this.error(`Expected ${what}, found ${describe(token)}`, token);
  }

  private error(message: string, token: Token): ScimError {
    return ScimError.badRequest('invalidFilter', `${message} at position ${token.pos}`);
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'word':
      return `'${token.text}'`;
    case 'string':
      return `string ${JSON.stringify(token.value)}`;
    case 'number':
      return `number ${token.value}`;
    default:
      return { lparen: "'('", rparen: "')'", lbracket: "'['", rbracket: "']'" }[token.kind];
  }
}
