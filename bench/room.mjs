// Waiting-room benchmark: BEFORE buyers join a sale's waiting room before its start, AFTER more join after it, and
// the room lets them all through at RATE a second. Reports join latency (p50/p99), the lag of the place pushes on
// the buyers' queues (from the tick that read the figures to the client: p50/p99), the admission rate measured
// against the set rate, fairness (Spearman's rank correlation of admission order against join order: about 0 among
// those drawn before the start, 1 after it) and that every buyer was admitted exactly once (the positions are
// exactly 1 … BEFORE + AFTER, and the front of the line passed every one of them, never moving back).
//
// Against a running service (bin/demo, or the jar) started with FLASHSALE_RATE_LIMIT_PER_IP=0 and
// FLASHSALE_SOCKETS_PER_IP=0 (every request and socket comes from this machine), whose signing key is KEY_PEM:
//   node bench/room.mjs [--url http://localhost:8080] [--key ~/.flashsale/jwt-signing-key.pem]
//        [--operator operator@flashsale.local:operator-demo] [--before 200000] [--after 100000] [--rate 2000]
//        [--watchers 500] [--concurrency 128] [--first-user 3000000000] [--out room.json]
// Verify with small sizes first: --before 2000 --after 1000 --rate 500 --watchers 50.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@stomp/stompjs';
import WebSocket from 'ws';

const options = {
  url: 'http://localhost:8080', key: joinPath(homedir(), '.flashsale', 'jwt-signing-key.pem'),
  operator: 'operator@flashsale.local:operator-demo', before: 200000, after: 100000, rate: 2000, watchers: 500,
  concurrency: 128, 'first-user': 3000000000, out: '',
};
for (let i = 2; i < process.argv.length; i += 2) {
  const name = process.argv[i].replace(/^--/, '');
  if (!(name in options)) throw new Error(`unknown option --${name}`);
  options[name] = typeof options[name] === 'number' ? Number(process.argv[i + 1]) : process.argv[i + 1];
}
const { url, before, after, rate, watchers, concurrency } = options;
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (line) => process.stderr.write(`room: ${line}\n`);

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return +sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(2);
}

/** Spearman's rank correlation of two orders of the same items, given as rank arrays (no ties). */
function spearman(ranksA, ranksB) {
  const n = ranksA.length;
  if (n < 2) return null;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (ranksA[i] - ranksB[i]) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

/** Ranks 1..n of values (distinct). */
function ranks(values) {
  const order = values.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
  const r = new Array(values.length);
  order.forEach(([, i], k) => { r[i] = k + 1; });
  return r;
}

async function call(method, path, token, body) {
  const response = await fetch(url + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Runs task(i) for i in [from, to) with `concurrency` in flight; returns nothing, tasks record what they need. */
async function pool(from, to, task) {
  let next = from;
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < to) await task(next++);
  });
  await Promise.all(workers);
}

// 1. buyers' tokens, signed with the service's key
const total = before + after;
const work = mkdtempSync(joinPath(tmpdir(), 'flashsale-room-'));
log(`minting ${total} tokens`);
execFileSync('node', [new URL('./lib/mint.mjs', import.meta.url).pathname, options.key, joinPath(work, 'tokens.txt'),
  String(total), String(options['first-user'])], { stdio: ['ignore', 'ignore', 'inherit'] });
const tokens = readFileSync(joinPath(work, 'tokens.txt'), 'ascii').split('\n').filter(Boolean);
const userOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;

// 2. the operator's sale (an hour away) with its room on
const [email, password] = options.operator.split(/:(.*)/s);
const operator = (await call('POST', '/api/auth/token', null, { email, password })).access_token;
const start = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3600_000);
const sale = (await call('POST', '/api/admin/promotion-variants', operator, {
  variantId: 1, name: 'Waiting-room benchmark', price: '100.00', discountRate: 0.5, stock: total, quantityLimit: 1,
  holdSeconds: 600, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 86400_000).toISOString(),
})).id;
await call('PUT', `/api/admin/promotion-variants/${sale}/waiting-room`, operator,
  { enabled: true, opensBeforeSeconds: 7200, ratePerSecond: rate });
await sleep(1500); // every instance reads the rooms' terms each second

// 3. the watchers: a sample of early joiners with a socket on their own queue, timing each push
const pushLags = [];
const clients = [];
let pushes = 0;
const wsUrl = `ws://${new URL(url).host}/ws`;
async function watch(token) {
  return new Promise((resolve) => {
    const client = new Client({
      webSocketFactory: () => new WebSocket(wsUrl, ['v12.stomp']),
      connectHeaders: { Authorization: `Bearer ${token}` },
      heartbeatIncoming: 10000, heartbeatOutgoing: 10000, reconnectDelay: 0, debug: () => {},
    });
    client.onConnect = () => {
      client.subscribe(`/user/queue/waiting-room/${sale}`, (frame) => {
        const place = JSON.parse(frame.body);
        pushes++;
        pushLags.push(now() - Date.parse(place.at));
      });
      resolve();
    };
    client.onStompError = () => resolve();
    client.onWebSocketClose = () => resolve();
    client.activate();
    clients.push(client);
  });
}

// 4. the early joiners, then the start brought forward to now: the draw
const joinLatency = { before: [], after: [] };
const joinRank = new Array(total); // the order in which the service answered each join
const positions = new Array(total);
let answered = 0;
async function join(i, phase) {
  const sent = now();
  const place = await call('POST', `/api/waiting-rooms/${sale}`, tokens[i]);
  joinLatency[phase].push(now() - sent);
  joinRank[i] = ++answered;
  if (place.position != null) positions[i] = place.position;
}
log(`${before} buyers join before the start`);
const beforeStarted = now();
await pool(0, before, (i) => join(i, 'before'));
const beforeSeconds = (now() - beforeStarted) / 1000;
await Promise.all(tokens.slice(0, Math.min(watchers, before)).map(watch));
// the front of the line, sampled every 250 ms from before the start until everyone is through
const front = [];
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    const v = await call('GET', `/api/admin/promotion-variants/${sale}/waiting-room`, operator);
    if (v.servingUpTo != null) front.push({ t: now(), servingUpTo: v.servingUpTo, length: v.length, state: v.state });
    await sleep(250);
  }
})();
await call('PATCH', `/api/admin/promotion-variants/${sale}`, operator,
  { startsAt: new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000).toISOString() });
let view;
do {
  await sleep(250);
  view = await call('GET', `/api/admin/promotion-variants/${sale}/waiting-room`, operator);
} while (view.drawSeed == null);
log(`drawn with seed ${view.drawSeed}; ${after} buyers join after the start`);

// 5. the later joiners, while the room serves
const afterStarted = now();
await pool(before, total, (i) => join(i, 'after'));
const afterSeconds = (now() - afterStarted) / 1000;
while (front.length === 0 || front.at(-1).servingUpTo < total) {
  await sleep(250);
  if (now() - afterStarted > 600_000 + (total / rate) * 2000) break;
}
sampling = false;
await sampler;
clients.forEach((c) => c.deactivate());

// 6. every early joiner's drawn position
await pool(0, before, async (i) => {
  positions[i] = (await call('GET', `/api/waiting-rooms/${sale}`, tokens[i])).position;
});

// 7. the figures
const seen = new Uint8Array(total + 1);
let twice = 0, outside = 0;
for (const p of positions) {
  if (!(p >= 1 && p <= total)) outside++;
  else if (seen[p]++) twice++;
}
const skipped = seen.slice(1).filter((n) => n === 0).length;
const movedBack = front.some((s, k) => k > 0 && s.servingUpTo < front[k - 1].servingUpTo);
// the admission rate while buyers were waiting (the front behind the line's end)
const busy = front.filter((s) => s.state === 'SERVING' && s.servingUpTo > 0 && s.servingUpTo < s.length);
const measured = busy.length >= 2
  ? ((busy.at(-1).servingUpTo - busy[0].servingUpTo) * 1000) / (busy.at(-1).t - busy[0].t) : null;
const fairness = (from, to) => spearman(ranks(joinRank.slice(from, to)), ranks(positions.slice(from, to)));
const result = {
  sizes: { before, after, rate, watchers, concurrency },
  sale, drawSeed: view.drawSeed, drawnCount: view.drawnCount,
  join: {
    before: { p50_ms: percentile(joinLatency.before, 50), p99_ms: percentile(joinLatency.before, 99),
      per_second: Math.round(before / beforeSeconds) },
    after: { p50_ms: percentile(joinLatency.after, 50), p99_ms: percentile(joinLatency.after, 99),
      per_second: Math.round(after / afterSeconds) },
  },
  push: { pushes, per_watcher: +(pushes / Math.max(1, clients.length)).toFixed(1),
    lag_p50_ms: percentile(pushLags, 50), lag_p99_ms: percentile(pushLags, 99) },
  admission: { set_per_second: rate, measured_per_second: measured == null ? null : +measured.toFixed(1),
    ratio: measured == null ? null : +(measured / rate).toFixed(3) },
  fairness: { spearman_before: fairness(0, before), spearman_after: fairness(before, total) },
  line: { admitted_twice: twice, skipped, outside_the_line: outside, front_moved_back: movedBack,
    all_admitted: front.length > 0 && front.at(-1).servingUpTo === total },
};
const text = JSON.stringify(result, null, 2);
if (options.out) writeFileSync(options.out, text + '\n');
console.log(text);
