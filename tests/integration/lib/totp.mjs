// RFC 6238 TOTP for tests, written against the RFC (HMAC-SHA-1, 6 digits, 30 s)
// with node:crypto — independent of the server's liboath implementation.
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text) {
  const clean = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export const step = (unixSeconds = Date.now() / 1000) => Math.floor(unixSeconds / 30);

// The code of time step `t` for a base32 secret.
export function codeAtStep(secretBase32, t) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(t));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 1_000_000).padStart(6, '0');
}

export const totp = (secretBase32, unixSeconds = Date.now() / 1000) => codeAtStep(secretBase32, step(unixSeconds));

// Waits until the current step is greater than `usedStep` (each step is
// accepted once per account) and at least `margin` seconds from its end, so a
// code computed now is still current when the request arrives. Returns it.
export async function freshCode(secretBase32, usedStep, margin = 3) {
  for (;;) {
    const now = Date.now() / 1000;
    const left = 30 - (now % 30);
    if (step(now) > usedStep && left > margin) return { code: codeAtStep(secretBase32, step(now)), step: step(now) };
    const wait = step(now) > usedStep ? left : (usedStep + 1) * 30 - now;
    await new Promise((r) => setTimeout(r, Math.max(50, wait * 1000 + 50)));
  }
}
