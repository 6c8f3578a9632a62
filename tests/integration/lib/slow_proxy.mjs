// A TCP forwarder that caps the client→server byte rate, so that a request
// body (a git push's pack) is still streaming when a test needs it to be — e.g.
// the R5 drain test sends SIGTERM while a push is half uploaded. Responses flow
// back unthrottled. `uploaded` counts the bytes forwarded upstream so far.
import { createServer, connect } from 'node:net';

export async function slowProxy(targetUrl, bytesPerSecond) {
  const { hostname, port } = new URL(targetUrl);
  const sockets = new Set();
  const proxy = {
    uploaded: 0,
    url: '',
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(r); }),
  };
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client); sockets.add(upstream);
    upstream.pipe(client);
    client.on('data', (chunk) => {
      client.pause();
      upstream.write(chunk);
      proxy.uploaded += chunk.length;
      setTimeout(() => client.resume(), (chunk.length / bytesPerSecond) * 1000);
    });
    client.on('end', () => upstream.end());
    const drop = () => { client.destroy(); upstream.destroy(); };
    client.on('error', drop);
    upstream.on('error', drop);
    upstream.on('close', () => client.end());
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  return proxy;
}
