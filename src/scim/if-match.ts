import { ScimError } from './errors';
import { weakEtag } from './user';

/** RFC 7644 §3.14: `If-Match` names the version the client last saw; `*` matches any. */
export function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined) return;
  const current = weakEtag(version);
  const accepted = ifMatch.split(',').map((tag) => tag.trim());
  const matches = accepted.some((tag) => tag === '*' || tag === current || `W/${tag}` === current);
  if (!matches) throw new ScimError(412, `The resource has changed: its version is ${current}`);
}
