/**
 * Character rules for strings in SCIM resources (issue 9: "NUL and other control characters
 * refused"). PostgreSQL refuses NUL in text and `\u0000` in jsonb, and a lone UTF-16 surrogate in
 * jsonb: such a value could never be stored, so it is refused here, before any work starts.
 * One linear scan, no regular expression.
 */

export type TextKind =
  /** Identifiers and names (userName, emails, externalId, displayName, name parts, keys): no C0 control character, no DEL. */
  | 'identifier'
  /** Free text (custom attributes, addresses, ...): TAB, LF and CR allowed (RFC 7643 §4.1.2: a formatted address may hold newlines), no other C0. */
  | 'freeText';

/** Why `text` is refused, or undefined when it is acceptable. */
export function textProblem(text: string, kind: TextKind): string | undefined {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20) {
      if (kind === 'freeText' && (code === 0x09 || code === 0x0a || code === 0x0d)) continue;
      return code === 0 ? 'contains a NUL character' : 'contains a control character';
    }
    if (code === 0x7f && kind === 'identifier') return 'contains a control character';
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'is not well-formed Unicode (lone surrogate)';
      i += 1;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return 'is not well-formed Unicode (lone surrogate)';
    }
  }
  return undefined;
}

/** A short, printable excerpt of request text for an error detail (never echo megabytes back). */
export function excerpt(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut);
}
