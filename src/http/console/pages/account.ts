import type { AccountRow } from '../../../db/rows';
import { DEFAULT_GROUP_ROLES, ROLES, type RoleMapping } from '../../../domain/roles';
import type { EventView } from '../../admin/event-view';
import type { DirectoryStatusView } from '../../directory-status';
import type { SetupLinkView } from '../../setup-links';
import { html, type Html } from '../html';
import { csrfField, dateText, errorBox, notice, page } from '../layout';
import { PROVIDERS, providerName } from '../providers';
import type { Session } from '../session';
import { eventList } from './events';

export interface AccountPageData {
  session: Session;
  account: AccountRow;
  status?: DirectoryStatusView;
  scimBaseUrl: string;
  mappings: RoleMapping[];
  /** A refused mappings form: what was sent, and the refusal per row (index) or for the whole form. */
  mappingForm?: { rows: Array<{ group: string; role: string }>; rowErrors: Map<number, string>; error?: string };
  links: SetupLinkView[];
  memberCount: number;
  recent: EventView[];
  /** A workflow in the Temporal UI, when its URL is known. */
  workflowUrl: (workflowId: string) => string | undefined;
  /** Shown once, right after the action that made it. */
  revealed?: { token?: string; setupLinkUrl?: string; setupLinkExpiresAt?: string };
  notice?: string;
  error?: string;
}

export function accountPage(data: AccountPageData): string {
  const { account, session } = data;
  const base = `/console/accounts/${encodeURIComponent(account.id)}`;
  return page({
    title: `Account ${account.id}`,
    session,
    trail: [{ href: '/console', text: 'Accounts' }],
    body: html`<h1>Account ${account.id} <span class="hint">${account.name}</span></h1>
      ${data.error ? errorBox(data.error) : null} ${data.notice ? notice(data.notice) : null} ${directorySection(data, base)}
      ${setupLinksSection(data, base)} ${mappingsSection(data, base)}
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <p>${data.memberCount} member${data.memberCount === 1 ? '' : 's'}. <a href="${base}/members">Open the members table</a></p>
      </section>
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recent changes</h2>
        ${data.recent.length ? eventList(data.recent, data.workflowUrl) : html`<p>No changes yet.</p>`}
        <p><a href="${base}/events">All changes, with filters</a></p>
      </section>`,
  });
}

function directorySection(data: AccountPageData, base: string): Html {
  const { status, session, account } = data;
  const live = status && status.status !== 'disconnected';
  return html`<section aria-labelledby="directory-heading">
    <h2 id="directory-heading">Directory</h2>
    <dl class="facts" data-status-url="${base}/status.json">
      <dt>Status</dt>
      <dd>
        <span id="directory-status" class="status status-${status?.status ?? 'none'}" role="status" aria-live="polite" data-field="status"
          >${status?.status ?? 'not connected'}</span
        >
      </dd>
      <dt>Provider</dt>
      <dd>${status ? providerName(status.provider) : '—'}</dd>
      <dt>Users</dt>
      <dd data-field="users">${status?.users ?? 0}</dd>
      <dt>Groups</dt>
      <dd data-field="groups">${status?.groups ?? 0}</dd>
      <dt>Connected at</dt>
      <dd data-field="connectedAt">${dateText(status?.connectedAt)}</dd>
      <dt>Last sync</dt>
      <dd data-field="lastSyncAt">${dateText(status?.lastSyncAt)}</dd>
      <dt>SCIM base URL</dt>
      <dd><code id="scim-base-url">${data.scimBaseUrl}</code> <button type="button" data-copy="scim-base-url">Copy URL</button></dd>
    </dl>
    <p class="field-error" data-status-problem></p>
    <h3>Warnings</h3>
    <ul data-field="warnings">
      ${status?.warnings.length ? status.warnings.map((w) => html`<li>${w}</li>`) : html`<li>None</li>`}
    </ul>
    ${
      data.revealed?.token
        ? html`<div class="reveal" role="region" aria-labelledby="token-heading">
            <h3 id="token-heading">Bearer token (shown once)</h3>
            <p>Paste it into the identity provider now; only its hash is kept, so it cannot be shown again.</p>
            <p>
              <code id="revealed-token">${data.revealed.token}</code> <button type="button" data-copy="revealed-token">Copy token</button>
            </p>
          </div>`
        : null
    }
    ${
      live
        ? html`<div class="actions">
              <button type="button" data-dialog="rotate-dialog">Rotate token</button>
              <button type="button" class="danger" data-dialog="disconnect-dialog">Disconnect</button>
            </div>
            ${confirmDialog({
              id: 'rotate-dialog',
              title: `Rotate the token of ${account.id}?`,
              text: 'A new token is issued and the current one stops working at once: the identity provider fails until the new token is pasted in.',
              action: `${base}/rotate-token`,
              button: `Rotate token of ${account.id}`,
              session,
            })}
            ${confirmDialog({
              id: 'disconnect-dialog',
              title: `Disconnect ${account.id}?`,
              text: 'The directory is frozen: its token stops working, nothing the identity provider sends is applied, and members and roles stay exactly as they are now.',
              action: `${base}/disconnect`,
              button: `Disconnect ${account.id}`,
              session,
            })}`
        : html`<form method="post" action="${base}/connect" class="row">
            ${csrfField(session)}
            <label for="provider">Identity provider</label>
            <select id="provider" name="provider">
              ${PROVIDERS.map((p) => html`<option value="${p.id}" ${status?.provider === p.id ? html` selected` : null}>${p.name}</option>`)}
            </select>
            <button type="submit">${status ? 'Reconnect' : 'Connect'}</button>
          </form>`
    }
  </section>`;
}

function confirmDialog(options: { id: string; title: string; text: string; action: string; button: string; session: Session }): Html {
  return html`<dialog id="${options.id}" aria-labelledby="${options.id}-title">
    <h3 id="${options.id}-title">${options.title}</h3>
    <p>${options.text}</p>
    <form method="post" action="${options.action}" class="row">
      ${csrfField(options.session)}
      <button type="submit" class="danger">${options.button}</button>
      <button type="button" data-close autofocus>Cancel</button>
    </form>
  </dialog>`;
}

function setupLinksSection(data: AccountPageData, base: string): Html {
  const live = data.status && data.status.status !== 'disconnected';
  return html`<section aria-labelledby="links-heading">
    <h2 id="links-heading">Setup links</h2>
    <p>
      A link for the customer's IT admin: it walks them through their identity provider, shows the SCIM base URL and lets them generate a
      token for this directory only.
    </p>
    ${
      data.revealed?.setupLinkUrl
        ? html`<div class="reveal" role="region" aria-labelledby="link-heading">
            <h3 id="link-heading">Setup link (shown once, expires ${dateText(data.revealed.setupLinkExpiresAt)})</h3>
            <p>
              <code id="revealed-link">${data.revealed.setupLinkUrl}</code>
              <button type="button" data-copy="revealed-link">Copy link</button>
            </p>
          </div>`
        : null
    }
    ${
      live
        ? html`<form method="post" action="${base}/setup-links" class="row">
            ${csrfField(data.session)}
            <label for="link-days">Link expires in</label>
            <select id="link-days" name="days">
              ${[1, 3, 7, 14, 30].map((d) => html`<option value="${d}" ${d === 7 ? html` selected` : null}>${d} day${d === 1 ? '' : 's'}</option>`)}
            </select>
            <button type="submit">Create setup link</button>
          </form>`
        : html`<p>Connect the directory first; a link then lets the customer finish the setup.</p>`
    }
    ${
      data.links.length
        ? html`<table>
            <thead>
              <tr>
                <th scope="col">Link</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              ${data.links.map(
                (link) =>
                  html`<tr>
                    <td><code>${link.id}</code></td>
                    <td>${dateText(link.createdAt)}</td>
                    <td>${dateText(link.expiresAt)}</td>
                    <td>${link.state}</td>
                    <td>
                      ${
                        link.state === 'usable'
                          ? html`<form method="post" action="${base}/setup-links/${link.id}/revoke" class="inline">
                              ${csrfField(data.session)}<button type="submit">Revoke link ${link.id.slice(0, 6)}</button>
                            </form>`
                          : '—'
                      }
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : null
    }
  </section>`;
}

function mappingsSection(data: AccountPageData, base: string): Html {
  const form = data.mappingForm;
  const rows = form ? form.rows : [...data.mappings.map((m) => ({ group: m.group, role: m.role as string }))];
  // Room to add two mappings; an empty row is ignored.
  const shown = [...rows, { group: '', role: 'member' }, { group: '', role: 'member' }];
  return html`<section aria-labelledby="mappings-heading">
    <h2 id="mappings-heading">Role mappings</h2>
    <h3>Defaults (every account; cannot be changed)</h3>
    <table>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Role</th>
        </tr>
      </thead>
      <tbody>
        ${[...DEFAULT_GROUP_ROLES].map(
          ([group, role]) =>
            html`<tr>
              <td>${group}</td>
              <td>${role}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h3>Custom mappings</h3>
    ${form?.error ? errorBox(form.error, 'The mappings were not saved') : null}
    <form method="post" action="${base}/role-mappings" class="stack" id="mappings-form">
      ${csrfField(data.session)}
      <table>
        <thead>
          <tr>
            <th scope="col">Group name</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          ${shown.map((row, i) => {
            const error = form?.rowErrors.get(i);
            return html`<tr>
              <td>
                <label class="visually-hidden" for="mapping-group-${i}">Group name, row ${i + 1}</label>
                <input
                  id="mapping-group-${i}"
                  name="group"
                  value="${row.group}"
                  maxlength="256"
                  ${error ? html` aria-invalid="true" aria-describedby="mapping-error-${i}"` : null}
                />
                ${error ? html`<p class="field-error" id="mapping-error-${i}">${error}</p>` : null}
              </td>
              <td>
                <label class="visually-hidden" for="mapping-role-${i}">Role, row ${i + 1}</label>
                <select id="mapping-role-${i}" name="role">
                  ${ROLES.map((r) => html`<option value="${r}" ${r === row.role ? html` selected` : null}>${r}</option>`)}
                </select>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
      <p class="hint">
        Leave a group name empty to drop that row. Saving replaces every custom mapping; members' roles are re-resolved right after.
      </p>
      <button type="submit">Save mappings</button>
    </form>
  </section>`;
}
