import type { MemberRow } from '../../../db/rows';
import { html } from '../html';
import { page } from '../layout';
import type { Session } from '../session';

export interface MembersPageData {
  session: Session;
  accountId: string;
  total: number;
  members: MemberRow[];
  search?: string;
  /** The next page's `after` (keyset), when there is one. */
  nextAfter?: string;
  /** The member's provisioning workflow in the Temporal UI, when it has one. */
  workflowUrl(member: MemberRow): string | undefined;
}

export function membersPage(data: MembersPageData): string {
  const base = `/console/accounts/${encodeURIComponent(data.accountId)}`;
  const next = data.nextAfter
    ? html`<a
        href="${base}/members?${new URLSearchParams({ ...(data.search ? { q: data.search } : {}), after: data.nextAfter }).toString()}"
        >Next members</a
      >`
    : null;
  return page({
    title: `Members of ${data.accountId}`,
    session: data.session,
    trail: [
      { href: '/console', text: 'Accounts' },
      { href: base, text: data.accountId },
    ],
    body: html`<h1>Members of ${data.accountId}</h1>
      <section aria-labelledby="member-search-heading">
        <h2 id="member-search-heading">Search</h2>
        <form method="get" action="${base}/members" class="row" role="search">
          <label for="member-q">Email (starts with)</label>
          <input id="member-q" name="q" type="search" value="${data.search ?? ''}" maxlength="320" />
          <button type="submit">Search</button>
        </form>
      </section>
      <section aria-labelledby="member-list-heading">
        <h2 id="member-list-heading">
          ${data.total} member${data.total === 1 ? '' : 's'}${data.search ? `; those starting with "${data.search}"` : ''}, by email
        </h2>
        ${
          data.members.length === 0
            ? html`<p>No members here.</p>`
            : html`<table id="members-table">
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Name</th>
                    <th scope="col">Role</th>
                    <th scope="col">Active</th>
                    <th scope="col">Managed by directory</th>
                    <th scope="col">Workflow</th>
                  </tr>
                </thead>
                <tbody>
                  ${data.members.map((m) => {
                    const url = data.workflowUrl(m);
                    return html`<tr>
                      <td>${m.email}</td>
                      <td>${m.name ?? '—'}</td>
                      <td>${m.role}${m.held_at ? ' (change held back)' : ''}</td>
                      <td>${m.active ? 'yes' : 'no'}</td>
                      <td>${m.managed_by_directory ? 'yes' : 'no'}</td>
                      <td>${url ? html`<a href="${url}">Workflow of ${m.email}</a>` : '—'}</td>
                    </tr>`;
                  })}
                </tbody>
              </table>`
        }
        <p>
          ${next}${next ? ' · ' : null}<a href="${base}/members${data.search ? `?q=${encodeURIComponent(data.search)}` : ''}">First page</a>
        </p>
      </section>`,
  });
}
