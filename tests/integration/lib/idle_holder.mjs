// A child process that holds idle TCP connections, so a test can open more of
// them than its own descriptor limit allows (each process has its own).
//   node idle_holder.mjs <port> <count>
// Connects `count` sockets to 127.0.0.1:<port> without sending a byte, prints
// `ready <open>` (or `failed <open> <error>`) on stdout, then holds them until
// its stdin closes; prints `closed <n>` first if the server closes any.
import { connect } from 'node:net';

const [port, count] = process.argv.slice(2).map(Number);
const sockets = [];
let closedByServer = 0;

const open = () => new Promise((resolve, reject) => {
  const s = connect(port, '127.0.0.1', () => resolve(s));
  s.once('error', reject);
  s.on('close', () => { closedByServer++; });
});

try {
  for (let i = 0; i < count; i += 200) {
    const batch = await Promise.all(Array.from({ length: Math.min(200, count - i) }, open));
    for (const s of batch) s.on('error', () => {});
    sockets.push(...batch);
  }
  process.stdout.write(`ready ${sockets.length}\n`);
} catch (e) {
  process.stdout.write(`failed ${sockets.length} ${e.code ?? e.message}\n`);
}
process.stdin.resume();
process.stdin.on('end', () => {
  process.stdout.write(`closed ${closedByServer}\n`);
  for (const s of sockets) s.destroy();
  process.exit(0);
});
