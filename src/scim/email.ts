/**
 * Whether `text` is shaped like an email address: one `@`, something before it, and a domain
 * with a dot that is neither its first nor its last character; no whitespace. Exactly what
 * `/^[^\s@]+@[^\s@]+\.[^\s@]+$/` accepts, in one pass: that regex backtracks quadratically on
 * long inputs (a 300 KB userName blocked the event loop for seconds: issue 9).
 */
export function looksLikeEmail(text: string): boolean {
  // One character class, no quantifier: a linear scan.
  if (WHITESPACE.test(text)) return false;
  const at = text.indexOf('@');
  if (at <= 0 || at !== text.lastIndexOf('@')) return false;
  const domainStart = at + 1;
  // A dot with at least one character on each side, inside the domain.
  const dot = text.indexOf('.', domainStart + 1);
  return dot > 0 && dot < text.length - 1;
}

const WHITESPACE = /\s/;
