import type { DirectoryStatusView } from '../../directory-status';
import { html } from '../html';
import { page } from '../layout';
import { PROVIDERS } from '../providers';

export interface SetupPageData {
  accountName: string;
  /** The link's own path (with its secret): the page's calls go there. */
  linkPath: string;
  csrfToken: string;
  scimBaseUrl: string;
  status: DirectoryStatusView;
  expiresAt: Date;
}

/** "Connected — 12 users, 3 groups received", or what the page is waiting for. */
export function setupSummary(status: Pick<DirectoryStatusView, 'status' | 'users' | 'groups'>): string {
  if (status.status === 'connected') {
    return `Connected — ${status.users} user${status.users === 1 ? '' : 's'}, ${status.groups} group${status.groups === 1 ? '' : 's'} received`;
  }
  if (status.status === 'pending') return 'Waiting for the first request from your identity provider';
  return 'Disconnected: ask your support contact to connect the directory again';
}

/** The customer's IT admin's page: which IdP fields take what, the SCIM base URL, a token, live status. */
export function setupPage(data: SetupPageData): string {
  const guides = PROVIDERS.filter((p) => p.steps);
  return page({
    title: `Set up provisioning for ${data.accountName}`,
    body: html`<h1>Set up user provisioning for ${data.accountName}</h1>
      <p>
        This page connects your identity provider to ${data.accountName} with SCIM 2.0. It works until
        ${data.expiresAt.toISOString().slice(0, 10)} and only for this directory.
      </p>
      <section aria-labelledby="status-heading" data-status-url="${data.linkPath}/status.json">
        <h2 id="status-heading">Status</h2>
        <p>
          <span id="directory-status" class="status status-${data.status.status}" role="status" aria-live="polite" data-field="status"
            >${data.status.status}</span
          >
          <span data-field="summary">${setupSummary(data.status)}</span>
        </p>
        <p class="field-error" data-status-problem></p>
      </section>
      <section aria-labelledby="idp-heading">
        <h2 id="idp-heading">1. Open your identity provider</h2>
        ${guides.map(
          (guide) => html`<details${guide.id === data.status.provider ? html` open` : null}>
    <summary>${guide.name}</summary>
    <ol class="steps">${guide.steps!.map((step) => html`<li>${step}</li>`)}</ol>
  </details>`,
        )}
      </section>
      <section aria-labelledby="url-heading">
        <h2 id="url-heading">2. SCIM base URL</h2>
        <p><code id="scim-base-url">${data.scimBaseUrl}</code> <button type="button" data-copy="scim-base-url">Copy URL</button></p>
      </section>
      <section aria-labelledby="token-heading">
        <h2 id="token-heading">3. Bearer token</h2>
        <p>Generate a token and paste it into your identity provider. Generating a new one stops the previous token at once.</p>
        <input type="hidden" name="_csrf" value="${data.csrfToken}" />
        <button type="button" data-token-url="${data.linkPath}/token">Generate token</button>
        <p class="field-error" id="setup-token-problem" role="alert"></p>
        <div id="setup-token-box" class="reveal" hidden>
          <p>Your token (shown once; copy it now):</p>
          <p><code id="setup-token"></code> <button type="button" data-copy="setup-token">Copy token</button></p>
        </div>
      </section>
      <section aria-labelledby="next-heading">
        <h2 id="next-heading">4. Test and start provisioning</h2>
        <p>
          Use your identity provider's test button, then start provisioning. The status above turns <strong>connected</strong> when the
          first request arrives.
        </p>
      </section>`,
  });
}
