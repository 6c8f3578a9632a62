// Local receivers for alert deliveries (docs/alerts.md): an HTTP webhook
// endpoint that checks Latchkey-Signature, and a tiny SMTP server (EHLO, MAIL,
// RCPT, DATA, QUIT) that keeps the messages. Both listen on 127.0.0.1:0.
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits until pick() returns something truthy (polling), or throws after `ms`.
export async function waitFor(pick, ms = 8000, what = 'condition') {
  const end = Date.now() + ms;
  for (;;) {
    const v = pick();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// How a receiver verifies a webhook (the snippet in docs/alerts.md).
export function verifySignature(secret, header, body, toleranceSeconds = 300) {
  const parts = Object.fromEntries((header || '').split(',').map((p) => p.split('=', 2)));
  if (!parts.t || !parts.v1) return false;
  if (Math.abs(Date.now() / 1000 - Number(parts.t)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
  return expected.length === parts.v1.length && timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
}

// `respond(req, body)` may return a status (default 200) or 'hang'.
export async function startWebhookReceiver(secret, respond = () => 200) {
  const received = [];
  const hanging = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json;
      try { json = JSON.parse(body); } catch { json = undefined; }
      const entry = {
        at: Date.now(), headers: req.headers, body, json,
        valid: verifySignature(secret, req.headers['latchkey-signature'], body),
      };
      const status = handler.respond(entry);
      entry.status = status;
      received.push(entry);
      if (status === 'hang') { hanging.push(res); return; }
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  const handler = { respond };
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/hook`,
    received,
    handler,
    ofKind: (kind) => received.filter((e) => e.json?.kind === kind),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
    },
  };
}

export async function startSmtpReceiver() {
  const messages = [];
  const server = createTcpServer((socket) => {
    let buffer = '';
    let inData = false;
    let current = { from: '', to: [], data: '' };
    const reply = (line) => socket.write(line + '\r\n');
    reply('220 localhost ESMTP test');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end).replace(/\r\n\.\./g, '\r\n.');
          buffer = buffer.slice(end + 5);
          inData = false;
          messages.push(current);
          current = { from: '', to: [], data: '' };
          reply('250 OK queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 localhost');
        else if (verb === 'MAIL') { current.from = line; reply('250 OK'); }
        else if (verb === 'RCPT') { current.to.push(line); reply('250 OK'); }
        else if (verb === 'DATA') { inData = true; reply('354 End data with <CR><LF>.<CR><LF>'); }
        else if (verb === 'QUIT') { reply('221 Bye'); socket.end(); return; }
        else if (verb === 'RSET' || verb === 'NOOP') reply('250 OK');
        else reply('502 Command not implemented');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `smtp://127.0.0.1:${server.address().port}`,
    messages,
    close: () => new Promise((r) => server.close(r)),
  };
}

// The --set flags that point a server at the receivers.
export function alertSets(webhook, smtp, secret, extra = []) {
  const sets = [
    `alerts.webhook_url=${webhook.url}`,
    `alerts.webhook_secret=${secret}`,
    'alerts.poll_ms=50',
    'alerts.retry_base_ms=1000',
  ];
  if (smtp) sets.push(`alerts.smtp_url=${smtp.url}`, 'alerts.smtp_from=alerts@example.com');
  return [...sets, ...extra];
}
