// Serves the built browser app (client/dist) from the same origin as the API, so cookies and sockets
// need no CORS. Every other GET that accepts HTML gets index.html: the app routes in the browser.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { RequestHandler } from 'express';

export const CLIENT_DIST = path.resolve(__dirname, '../../../client/dist');

export function clientApp(dir: string = CLIENT_DIST): RequestHandler[] {
  const index = path.join(dir, 'index.html');
  const fallback: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' || !req.accepts('html')) return next();
    if (!existsSync(index)) {
      res.status(503).type('text').send('The browser app is not built: run `npm run build` (npm start does it).');
      return;
    }
    // index.html names the hashed assets of the current build: revalidate it every time.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  return [express.static(dir, { index: false }), fallback];
}
