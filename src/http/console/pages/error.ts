import { html } from '../html';
import { page } from '../layout';
import type { Session } from '../session';

/** Every failure a console or setup page meets is shown as one of these, never a blank page. */
export function errorPage(options: { title: string; message: string; session?: Session; back?: { href: string; text: string } }): string {
  return page({
    title: options.title,
    ...(options.session ? { session: options.session } : {}),
    body: html`<h1>${options.title}</h1>
      <div class="error" role="alert"><p>${options.message}</p></div>
      ${options.back ? html`<p><a href="${options.back.href}">${options.back.text}</a></p>` : null}`,
  });
}
