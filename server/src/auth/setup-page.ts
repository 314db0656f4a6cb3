import type { RequestHandler } from 'express';
import type { Store } from '../store/store';
import { isLoopback } from './is-loopback';

/** GET /setup: a form for the first admin, shown only from localhost while no user exists. */
export function setupPage(store: Store): RequestHandler {
  return async (req, res) => {
    if (!isLoopback(req.socket.remoteAddress)) {
      res.status(403).type('text/plain').send('Setup is only possible from the machine Parley runs on.\n');
      return;
    }
    if ((await store.countUsers()) > 0) {
      res.status(409).type('text/plain').send('Setup is done: a user exists already. Sign in at /login.\n');
      return;
    }
    res.type('html').send(SETUP_HTML);
  };
}

const SETUP_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley — first admin</title>
<style>
  body { font: 16px system-ui, sans-serif; max-width: 26rem; margin: 4rem auto; padding: 0 1rem; }
  label { display: block; margin: 1rem 0 .25rem; }
  input { width: 100%; padding: .5rem; box-sizing: border-box; }
  button { margin-top: 1.5rem; padding: .6rem 1.2rem; }
  #result { margin-top: 1rem; }
</style>
</head>
<body>
<h1>Create the first admin</h1>
<p>This page works once, from this machine, while Parley has no user.</p>
<form id="setup">
  <label for="name">Name</label><input id="name" name="name" required maxlength="100">
  <label for="email">Email</label><input id="email" name="email" type="email" required>
  <label for="password">Password (at least 10 characters)</label><input id="password" name="password" type="password" required minlength="10">
  <button type="submit">Create admin</button>
</form>
<p id="result" role="status"></p>
<script>
document.getElementById('setup').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const result = document.getElementById('result');
  const response = await fetch('/api/setup', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: form.get('name'), email: form.get('email'), password: form.get('password') }),
  });
  const body = await response.json();
  if (!response.ok) {
    result.textContent = body.error.message;
    return;
  }
  // The response is the new user, and the session cookie is set: open the app.
  result.textContent = 'Done: you are signed in as ' + body.email + '. Opening Parley…';
  location.assign('/');
});
</script>
</body>
</html>
`;
