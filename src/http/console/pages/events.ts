import { EVENT_KINDS } from '../../../domain/audit-events';
import type { EventView } from '../../admin/event-view';
import { html, type Html } from '../html';
import { dateText, errorBox, page } from '../layout';
import type { Session } from '../session';

export interface WorkflowLinker {
  (workflowId: string): string | undefined;
}

/** Events as a table: time, kind, what happened, and the workflow that did it. */
export function eventList(events: EventView[], workflowUrl?: WorkflowLinker): Html {
  return html`<table class="events">
    <thead>
      <tr>
        <th scope="col">Time</th>
        <th scope="col">Kind</th>
        <th scope="col">What happened</th>
        <th scope="col">Workflow</th>
      </tr>
    </thead>
    <tbody>
      ${events.map((event) => {
        const url = event.workflowId && workflowUrl ? workflowUrl(event.workflowId) : undefined;
        return html`<tr>
          <td>${dateText(event.at)}</td>
          <td><code>${event.kind}</code></td>
          <td>
            ${event.summary}${event.failure ? html`<br /><span class="field-error">SCIM error ${event.failure.status}${event.failure.scimType ? ` (${event.failure.scimType})` : ''}: ${event.failure.message}</span>` : null}
          </td>
          <td>
            ${event.workflowId ? (url ? html`<a href="${url}">${event.workflowId}</a>` : html`<code>${event.workflowId}</code>`) : '—'}
          </td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

export interface EventsPageData {
  session: Session;
  accountId: string;
  events: EventView[];
  filters: { member?: string; kind?: string };
  /** Continue from here (the next page), when the feed has more now. */
  next?: string;
  fromStart: boolean;
  error?: string;
  workflowUrl: WorkflowLinker;
}

export function eventsPage(data: EventsPageData): string {
  const base = `/console/accounts/${encodeURIComponent(data.accountId)}`;
  const query = (extra: Record<string, string>) =>
    new URLSearchParams({
      ...(data.filters.member ? { member: data.filters.member } : {}),
      ...(data.filters.kind ? { kind: data.filters.kind } : {}),
      ...extra,
    }).toString();
  return page({
    title: `Changes of ${data.accountId}`,
    session: data.session,
    trail: [
      { href: '/console', text: 'Accounts' },
      { href: base, text: data.accountId },
    ],
    body: html`<h1>Changes of ${data.accountId}</h1>
      <section aria-labelledby="filter-heading">
        <h2 id="filter-heading">Filters</h2>
        <form method="get" action="${base}/events" class="row">
          <label for="filter-member">Member email</label>
          <input id="filter-member" name="member" type="search" value="${data.filters.member ?? ''}" maxlength="320" />
          <label for="filter-kind">Kind</label>
          <select id="filter-kind" name="kind">
            <option value="">any</option>
            ${EVENT_KINDS.map((k) => html`<option value="${k}" ${k === data.filters.kind ? html` selected` : null}>${k}</option>`)}
          </select>
          <button type="submit">Filter</button>
        </form>
      </section>
      <section aria-labelledby="events-heading">
        <h2 id="events-heading">${data.fromStart ? 'From the beginning, oldest first' : 'Most recent, oldest first'}</h2>
        ${data.error ? errorBox(data.error) : null}
        ${data.events.length ? eventList(data.events, data.workflowUrl) : html`<p>No changes${data.filters.member || data.filters.kind ? ' match these filters' : ''} here.</p>`}
        <p>
          ${data.next ? html`<a href="${base}/events?${query({ after: data.next })}">Next changes</a> · ` : null}<a
            href="${base}/events?${query({ from: 'start' })}"
            >From the beginning</a
          >
          · <a href="${base}/events?${query({})}">Most recent</a>
        </p>
      </section>`,
  });
}
