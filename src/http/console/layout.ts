import { html, type Html } from './html';
import type { Session } from './session';

export interface PageOptions {
  title: string;
  /** Signed in: the header shows sign-out (a POST form with the CSRF token). */
  session?: Session;
  /** Breadcrumb links before the title. */
  trail?: Array<{ href: string; text: string }>;
  body: Html;
}

/** The shell of every console and setup page: one stylesheet and one script, both from this origin (CSP). */
export function page({ title, session, trail, body }: PageOptions): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Directory sync</title>
        <link rel="icon" href="/console/assets/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer></script>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="${session ? '/console' : '#main'}">Directory sync${session ? ' · support console' : ''}</a>
          ${
            session
              ? html`<form method="post" action="/console/sign-out" class="inline">
                  <input type="hidden" name="_csrf" value="${session.csrfToken}" />
                  <button type="submit">Sign out</button>
                </form>`
              : null
          }
        </header>
        <main id="main">
          ${
            trail?.length
              ? html`<nav aria-label="Breadcrumb">
                  <ol class="trail">
                    ${trail.map((t) => html`<li><a href="${t.href}">${t.text}</a></li>`)}
                  </ol>
                </nav>`
              : null
          }
          ${body}
        </main>
      </body>
    </html>`.text;
}

/** Hidden CSRF field for a console form. */
export function csrfField(session: Session): Html {
  return html`<input type="hidden" name="_csrf" value="${session.csrfToken}" />`;
}

/** A readable failure, as a page of its own or inline above a form. */
export function errorBox(message: string, heading = 'That did not work'): Html {
  return html`<div class="error" role="alert">
    <h2>${heading}</h2>
    <p>${message}</p>
  </div>`;
}

export function notice(message: Html | string): Html {
  return html`<div class="notice" role="status">${message}</div>`;
}

export function dateText(value: Date | string | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}
