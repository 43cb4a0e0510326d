import { html } from '../html';
import { errorBox, page } from '../layout';

export function signInPage(options: { error?: string; next?: string }): string {
  return page({
    title: 'Sign in',
    body: html`<h1>Sign in to the support console</h1>
      ${options.error ? errorBox(options.error, 'Not signed in') : null}
      <form method="post" action="/console/sign-in" class="stack">
        <input type="hidden" name="next" value="${options.next ?? '/console'}" />
        <label for="admin-token">Admin token</label>
        <input id="admin-token" name="token" type="password" autocomplete="current-password" required />
        <p class="hint">
          The service's ADMIN_TOKEN (the embedded default keeps it in data/admin-token). It is checked, never stored in your browser.
        </p>
        <button type="submit">Sign in</button>
      </form>`,
  });
}
