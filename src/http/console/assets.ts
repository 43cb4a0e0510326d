import fs from 'node:fs';
import path from 'node:path';
import type Router from '@koa/router';

/** The console's static files, read once at start (a handful of kilobytes), served with their types. */
const FILES = new Map([
  ['console.js', 'application/javascript; charset=utf-8'],
  ['console.css', 'text/css; charset=utf-8'],
  // Named in every page, so browsers do not ask for a /favicon.ico that is not there.
  ['icon.svg', 'image/svg+xml'],
]);

export function serveAssets(router: Router): void {
  const contents = new Map([...FILES.keys()].map((name) => [name, fs.readFileSync(path.join(__dirname, 'assets', name), 'utf8')]));
  router.get('/console/assets/:name', (ctx) => {
    const name = ctx.params.name!;
    const body = contents.get(name);
    if (body === undefined) return;
    ctx.type = FILES.get(name)!;
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = body;
  });
}
