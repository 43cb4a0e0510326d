import type { AccountOverviewRow } from '../../../stores/accounts';
import { html } from '../html';
import { csrfField, dateText, errorBox, page } from '../layout';
import { providerName } from '../providers';
import type { Session } from '../session';

export interface AccountsPageData {
  session: Session;
  rows: AccountOverviewRow[];
  search?: string;
  /** The next page's `after`, when there is one. */
  nextAfter?: string;
  error?: string;
  /** What the create form sent, shown again with its error. */
  submitted?: { id: string; name: string };
}

export function accountsPage(data: AccountsPageData): string {
  const { session, rows, search } = data;
  const more = data.nextAfter
    ? html`<p>
        <a href="/console?${new URLSearchParams({ ...(search ? { q: search } : {}), after: data.nextAfter }).toString()}">Next accounts</a>
      </p>`
    : null;
  return page({
    title: 'Accounts',
    session,
    body: html`<h1>Accounts</h1>
      <section aria-labelledby="search-heading">
        <h2 id="search-heading">Search</h2>
        <form method="get" action="/console" class="row" role="search">
          <label for="q">Account id or member email (starts with)</label>
          <input id="q" name="q" type="search" value="${search ?? ''}" maxlength="320" />
          <button type="submit">Search</button>
          ${search ? html`<a href="/console">Clear</a>` : null}
        </form>
      </section>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">${search ? `Accounts matching "${search}"` : 'All accounts'}</h2>
        ${
          rows.length === 0
            ? html`<p>No accounts${search ? ' match' : ' yet'}.</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Directory</th>
                    <th scope="col">Provider</th>
                    <th scope="col">Users</th>
                    <th scope="col">Groups</th>
                    <th scope="col">Last sync</th>
                    <th scope="col">Warnings</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows.map(
                    (row) =>
                      html`<tr>
                        <td>
                          <a href="/console/accounts/${encodeURIComponent(row.id)}">${row.id}</a><br /><span class="hint">${row.name}</span>
                        </td>
                        <td><span class="status status-${row.status ?? 'none'}">${row.status ?? 'not connected'}</span></td>
                        <td>${row.directory_id ? providerName(row.provider) : '—'}</td>
                        <td>${row.directory_id ? row.users : '—'}</td>
                        <td>${row.directory_id ? row.groups : '—'}</td>
                        <td>${dateText(row.last_sync_at)}</td>
                        <td>${warningsText(row)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
        ${more}
      </section>
      <section aria-labelledby="create-heading">
        <h2 id="create-heading">Create an account</h2>
        ${data.error ? errorBox(data.error, 'The account was not created') : null}
        <form method="post" action="/console/accounts" class="stack">
          ${csrfField(session)}
          <label for="account-id">Account id</label>
          <input id="account-id" name="id" required maxlength="63" value="${data.submitted?.id ?? ''}" aria-describedby="account-id-hint" />
          <p class="hint" id="account-id-hint">1–63 lower-case letters, digits, - or _ (e.g. acme).</p>
          <label for="account-name">Name</label>
          <input id="account-name" name="name" required maxlength="200" value="${data.submitted?.name ?? ''}" />
          <button type="submit">Create account</button>
        </form>
      </section>`,
  });
}

function warningsText(row: AccountOverviewRow): string {
  const parts = [
    ...(row.held > 0 ? [`${row.held} held-back owner change${row.held === 1 ? '' : 's'}`] : []),
    ...(row.waiting_for_email > 0 ? [`${row.waiting_for_email} user${row.waiting_for_email === 1 ? '' : 's'} without email`] : []),
  ];
  return parts.length ? parts.join('; ') : 'none';
}
