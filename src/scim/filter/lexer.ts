import { ScimError } from '../errors';

export type Token =
  | { kind: 'lparen' | 'rparen' | 'lbracket' | 'rbracket'; pos: number }
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number };

// Attribute names, keywords and URN-qualified paths ("urn:...:2.0:User:name.givenName").
const WORD = /[A-Za-z_$][A-Za-z0-9_$:.\-]*/y;
const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

const PUNCTUATION: ReadonlyMap<string, 'lparen' | 'rparen' | 'lbracket' | 'rbracket'> = new Map([
  ['(', 'lparen'],
  [')', 'rparen'],
  ['[', 'lbracket'],
  [']', 'rbracket'],
] as const);

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const matchAt = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    return re.exec(input)?.[0];
  };
  while (pos < input.length) {
    const ch = input[pos]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      pos += 1;
      continue;
    }
    const punct = PUNCTUATION.get(ch);
    if (punct) {
      tokens.push({ kind: punct, pos });
      pos += 1;
      continue;
    }
    if (ch === '"') {
      const text = matchAt(STRING);
      if (!text) throw ScimError.badRequest('invalidFilter', `Unterminated or malformed string at position ${pos}`);
      tokens.push({ kind: 'string', value: JSON.parse(text) as string, pos });
      pos += text.length;
      continue;
    }
    const number = /[-0-9]/.test(ch) ? matchAt(NUMBER) : undefined;
    if (number) {
      tokens.push({ kind: 'number', value: Number(number), pos });
      pos += number.length;
      continue;
    }
    const word = matchAt(WORD);
    if (word) {
      tokens.push({ kind: 'word', text: word, pos });
      pos += word.length;
      continue;
    }
    throw ScimError.badRequest('invalidFilter', `Unexpected character '${ch}' at position ${pos}`);
  }
  return tokens;
}
