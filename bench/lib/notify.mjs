// Scenario "notify": SESSIONS buyers each hold a STOMP session on /ws (CONNECT with their bearer token), subscribed
// to /user/queue/checkouts; then every one of them snaps up a unit of SALE over HTTP, and we time their OrderChecked
// events: from the 202 answer to the event's arrival (and from the request's send). Reports the service's resident
// memory (VmRSS from /proc/PID/status) before the sessions, with them open, and after the events.
//   node notify.mjs BASE_URL TOKENS SESSIONS SALE_ID APP_PID OUT.json [HTTP_CONCURRENCY]
//
// Mode "attach": the sessions only, held open beside another scenario (the stampede). Writes READY_FILE once every
// session is subscribed, records every event received until SIGTERM, then writes OUT.json: the sessions' user ids
// and each event's [checkoutId, type, promotionVariantId, received epoch ms]. READY_FILE holds the sessions' user ids;
// READY_FILE.events, rewritten ten times a second, the count of OrderChecked events of SALE_ID received so far.
//   node notify.mjs attach BASE_URL TOKENS SESSIONS OUT.json READY_FILE SALE_ID
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Client } from '@stomp/stompjs';
import WebSocket from 'ws';

const attach = process.argv[2] === 'attach';
const [baseUrl, tokenFile, sessionsArg, saleArg, pidArg, outFile, concurrencyArg] = attach
  ? [process.argv[3], process.argv[4], process.argv[5], '0', '0', process.argv[6]] : process.argv.slice(2);
const readyFile = attach ? process.argv[7] : null;
const watchedSale = attach ? Number(process.argv[8] ?? 0) : 0;
const sessions = Number(sessionsArg), sale = Number(saleArg), pid = Number(pidArg);
const concurrency = Number(concurrencyArg ?? 128);
const url = new URL(baseUrl);
const wsUrl = `ws://${url.host}/ws`;
const now = () => performance.timeOrigin + performance.now(); // wall clock, sub-millisecond
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let lastProgress = '';
const progress = (line) => {
  if (line !== lastProgress && process.env.BENCH_TTY === 'true') process.stderr.write(`\r  notify: ${line}        `);
  lastProgress = line;
};

function rss() {
  if (!pid) return null;
  const status = readFileSync(`/proc/${pid}/status`, 'ascii');
  const kb = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
  return { rss_mib: +(kb('VmRSS') / 1024).toFixed(1), hwm_mib: +(kb('VmHWM') / 1024).toFixed(1),
    threads: Number(status.match(/^Threads:\s+(\d+)/m)?.[1] ?? 0) };
}

const tokens = readFileSync(tokenFile, 'ascii').split('\n').filter(Boolean).slice(0, sessions);
if (tokens.length < sessions) throw new Error(`only ${tokens.length} tokens for ${sessions} sessions`);

const byCheckout = new Map(); // checkoutId -> {sent, accepted, received}
const early = new Map(); // events that arrived before their 202 was read
let received = 0, otherEvents = 0, stompErrors = 0, closedEarly = 0;
// sockets closed after their session subscribed, other than by this script's stop (the service, the network, or
// stompjs's heart-beat check): [index of its token, when]
const closedLate = [];
let stopping = false;
const attached = []; // attach mode: [checkoutId, type, promotionVariantId, received]

function onEvent(frame) {
  const t = now();
  const event = JSON.parse(frame.body);
  if (attach) {
    attached.push([event.checkoutId, event.type, event.promotionVariantId, +t.toFixed(3)]);
    if (event.type === 'OrderChecked' && event.promotionVariantId === watchedSale) received++;
    return;
  }
  if (event.type !== 'OrderChecked') {
    otherEvents++;
    return;
  }
  received++;
  const entry = byCheckout.get(event.checkoutId);
  if (entry) entry.received = t;
  else early.set(event.checkoutId, t);
}

// 1. the sessions, opened 200 at a time
const rssBefore = rss();
const clients = [];
const connectStarted = now();
let subscribed = 0;
const connectTimes = [];
async function open(token, i) {
  return new Promise((resolve) => {
    const started = now();
    const client = new Client({
      webSocketFactory: () => new WebSocket(wsUrl, ['v12.stomp']),
      connectHeaders: { Authorization: `Bearer ${token}` },
      heartbeatIncoming: 10000, // the service requires heart-beats (and closes a session that falls silent)
      heartbeatOutgoing: 10000,
      reconnectDelay: 0,
      debug: () => {},
    });
    let done = false;
    const finish = (ok) => { if (!done) { done = true; resolve(ok); } };
    client.onConnect = () => {
      // Spring's simple broker sends no RECEIPT for SUBSCRIBE: a session counts once CONNECTED came back and its
      // SUBSCRIBE went out; that every subscription took is shown by every buyer getting their event
      client.subscribe('/user/queue/checkouts', onEvent);
      subscribed++;
      connectTimes.push(now() - started);
      finish(true);
    };
    client.onStompError = () => { stompErrors++; finish(false); };
    client.onWebSocketClose = () => {
      if (!done) closedEarly++;
      else if (!stopping) closedLate.push([i, +now().toFixed(3)]);
      finish(false);
    };
    clients.push(client);
    client.activate();
    setTimeout(() => finish(false), 30000);
  });
}
for (let i = 0; i < tokens.length; i += 200) {
  await Promise.all(tokens.slice(i, i + 200).map((t, j) => open(t, i + j)));
  progress(`${subscribed}/${sessions} sessions subscribed`);
}
const connectSeconds = (now() - connectStarted) / 1000;
if (attach) {
  if (process.env.BENCH_TTY === 'true') process.stderr.write('\n');
  const users = tokens.map((t) => JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString()).sub);
  writeFileSync(readyFile, JSON.stringify({ subscribed, users }));
  // how many OrderChecked events of the watched sale came, for bench/run to wait on
  const counter = setInterval(() => writeFileSync(`${readyFile}.events`, `${received}\n`), 100);
  await new Promise((resolve) => { process.on('SIGTERM', resolve); process.on('SIGINT', resolve); });
  clearInterval(counter);
  writeFileSync(outFile, JSON.stringify({ sessions_requested: sessions, sessions_subscribed: subscribed,
    stomp_errors: stompErrors, sockets_closed_before_subscribed: closedEarly,
    sockets_closed_after_subscribed: closedLate.length, closed_after_subscribed: closedLate,
    connect_seconds: +connectSeconds.toFixed(2), users, events: attached }));
  stopping = true;
  for (const c of clients) c.deactivate().catch(() => {});
  await sleep(300);
  process.exit(0);
}
await sleep(2000); // let the service settle before reading its memory
const rssWithSessions = rss();

// 2. every session's buyer snaps up once, HTTP_CONCURRENCY requests in flight
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const body = JSON.stringify({ promotionVariantId: sale, quantity: 1 });
const statuses = {};
function snapUp(token) {
  return new Promise((resolve) => {
    const sent = now();
    const req = http.request({ host: url.hostname, port: url.port, path: '/api/snap-up/checkouts', method: 'POST',
      agent, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { data += c; });
      res.on('end', () => {
        const accepted = now();
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        if (res.statusCode === 202) {
          const id = JSON.parse(data).checkoutId;
          const entry = { sent, accepted, received: early.get(id) };
          early.delete(id);
          byCheckout.set(id, entry);
        }
        resolve();
      });
    });
    req.on('error', () => { statuses.error = (statuses.error ?? 0) + 1; resolve(); });
    req.end(body);
  });
}
const burstStarted = now();
let next = 0;
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < tokens.length) {
    const token = tokens[next++];
    await snapUp(token);
    if (next % 500 === 0) progress(`${next}/${sessions} snap-ups sent, ${received} events received`);
  }
}));
const burstSeconds = (now() - burstStarted) / 1000;

// 3. wait for the events
const accepted = byCheckout.size;
const deadline = now() + 60000;
while (received < accepted && now() < deadline) {
  await sleep(100);
  progress(`${accepted} accepted, ${received} events received`);
}
const lastEventWait = (now() - burstStarted) / 1000;
const rssAfter = rss();
if (process.env.BENCH_TTY === 'true') process.stderr.write('\n');

const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))] : null;
const fromAccepted = [], fromSent = [];
const samples = [];
for (const [id, e] of byCheckout) {
  if (e.received !== undefined) {
    fromAccepted.push(e.received - e.accepted);
    fromSent.push(e.received - e.sent);
  }
  samples.push([id, +e.sent.toFixed(3), +e.accepted.toFixed(3), e.received === undefined ? null : +e.received.toFixed(3)]);
}
fromAccepted.sort((a, b) => a - b);
fromSent.sort((a, b) => a - b);
connectTimes.sort((a, b) => a - b);
const summary = (s) => ({ p50: pct(s, 50), p90: pct(s, 90), p99: pct(s, 99), max: s.length ? s[s.length - 1] : null,
  min: s.length ? s[0] : null });
const round = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? null : +v.toFixed(2)]));

const result = {
  sessions_requested: sessions,
  sessions_subscribed: subscribed,
  stomp_errors: stompErrors,
  sockets_closed_before_subscribed: closedEarly,
  sockets_closed_after_subscribed: closedLate.length,
  connect_seconds: +connectSeconds.toFixed(2),
  connect_ms: round(summary(connectTimes)),
  snapups: tokens.length,
  snapup_status: statuses,
  burst_seconds: +burstSeconds.toFixed(2),
  accepted,
  events_received: received,
  events_missing: accepted - Math.min(received, accepted),
  other_events: otherEvents,
  seconds_until_last_event: +lastEventWait.toFixed(2),
  latency_from_202_ms: round(summary(fromAccepted)),
  latency_from_send_ms: round(summary(fromSent)),
  memory: { before_sessions: rssBefore, with_sessions: rssWithSessions, after_events: rssAfter,
    per_session_kib: +(((rssWithSessions.rss_mib - rssBefore.rss_mib) * 1024) / Math.max(1, subscribed)).toFixed(1) },
  samples, // [checkoutId, sent, 202 read, event received] epoch ms
};
writeFileSync(outFile, JSON.stringify(result));
stopping = true;
for (const c of clients) c.deactivate().catch(() => {});
await sleep(500);
process.exit(0);
