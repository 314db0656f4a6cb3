import type { RequestHandler } from 'express';

/** GET /chat: a bare web chat page for trying published flows in a browser. */
export const chatPage: RequestHandler = (_req, res) => {
  res.type('html').send(CHAT_HTML);
};

// Every text from the server is inserted with textContent, never as HTML.
const CHAT_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley — web chat</title>
<style>
  body { font: 15px system-ui, sans-serif; margin: 0; display: flex; flex-direction: column; height: 100vh; background: #f4f5f7; }
  header { padding: .75rem 1rem; background: #1f2937; color: #fff; display: flex; justify-content: space-between; }
  #status { opacity: .8; font-size: .85rem; }
  #log { flex: 1; overflow-y: auto; padding: 1rem; display: flex; flex-direction: column; gap: .5rem; }
  .msg { max-width: 70%; padding: .5rem .75rem; border-radius: .75rem; white-space: pre-wrap; word-wrap: break-word; }
  .in { align-self: flex-end; background: #2563eb; color: #fff; }
  .out { align-self: flex-start; background: #fff; border: 1px solid #e5e7eb; }
  .buttons { display: flex; flex-wrap: wrap; gap: .25rem; margin-top: .4rem; }
  .buttons button { border: 1px solid #2563eb; background: #fff; color: #2563eb; border-radius: 1rem; padding: .2rem .7rem; cursor: pointer; }
  form { display: flex; gap: .5rem; padding: .75rem; background: #fff; border-top: 1px solid #e5e7eb; }
  #text { flex: 1; padding: .5rem; }
</style>
</head>
<body>
<header><strong>Parley web chat</strong><span id="status">connecting…</span></header>
<main id="log" aria-live="polite"></main>
<form id="form"><input id="text" autocomplete="off" placeholder="Type a message" maxlength="10000" required><button>Send</button></form>
<script src="/socket.io/socket.io.js"></script>
<script>
(function () {
  // getRandomValues, unlike randomUUID, also works on plain http (e.g. a LAN address).
  function randomId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  var key = 'parley.visitorId';
  var visitorId = localStorage.getItem(key);
  if (!visitorId || !/^[A-Za-z0-9_-]{8,64}$/.test(visitorId)) {
    visitorId = randomId();
    localStorage.setItem(key, visitorId);
  }
  var log = document.getElementById('log');
  var status = document.getElementById('status');
  var shown = new Set();
  var socket = io('/chat', { auth: { visitorId: visitorId } });

  function bubble(direction, build) {
    var div = document.createElement('div');
    div.className = 'msg ' + direction;
    build(div);
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }
  function link(div, url, label) {
    var a = document.createElement('a');
    a.href = /^https?:/i.test(url) ? url : '#';
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = label || url;
    div.appendChild(a);
  }
  function showOut(message) {
    if (message.id && shown.has(message.id)) return;
    if (message.id) shown.add(message.id);
    bubble('out', function (div) {
      switch (message.type) {
        case 'text':
          div.appendChild(document.createTextNode(message.text));
          if (message.buttons && message.buttons.length) {
            var row = document.createElement('div');
            row.className = 'buttons';
            message.buttons.forEach(function (b) {
              var button = document.createElement('button');
              button.type = 'button';
              button.textContent = b.title;
              button.onclick = function () { sendPostback(b); };
              row.appendChild(button);
            });
            div.appendChild(row);
          }
          break;
        case 'image': case 'video': link(div, message.url, message.caption || message.type); break;
        case 'file': link(div, message.url, message.name || 'file'); break;
        case 'card': link(div, message.url, message.title); break;
        default: div.textContent = JSON.stringify(message);
      }
    });
  }
  function showIn(text) { bubble('in', function (div) { div.textContent = text; }); }
  function newId() { return randomId(); }
  function acked(response) { if (response && response.error) status.textContent = 'error: ' + response.error.message; }
  function sendPostback(button) {
    showIn(button.title);
    socket.emit('postback', { id: newId(), payload: button.payload, title: button.title }, acked);
  }

  socket.on('connect', function () { status.textContent = 'connected as ' + visitorId.slice(0, 8); });
  socket.on('disconnect', function () { status.textContent = 'reconnecting…'; });
  socket.on('connect_error', function (error) { status.textContent = 'cannot connect: ' + error.message; });
  // Sent on every (re)connection: the stored conversation is the truth, so the log is redrawn from it.
  socket.on('history', function (messages) {
    log.textContent = '';
    shown.clear();
    messages.forEach(function (m) {
      if (m.direction === 'in') showIn(m.body.text || m.body.payload || '');
      else showOut(Object.assign({}, m.body, { id: m.id }));
    });
  });
  socket.on('message', showOut);

  document.getElementById('form').addEventListener('submit', function (event) {
    event.preventDefault();
    var input = document.getElementById('text');
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    showIn(text);
    socket.emit('message', { id: newId(), text: text }, acked);
  });
})();
</script>
</body>
</html>
`;
