// The fault suite's load: an open loop of snap-ups at a fixed offered rate, recording every answer, so the checks can
// hold the service to each 202 it gave and to nothing more.
//   node load.mjs BASE TOKENS_FILE SALE RATE SECONDS PAY_FRACTION OUT_DIR
// The run can extend the load (OUT_DIR/until: the new end, epoch ms) so it goes on after a slow recovery.
// Request i goes at start + i / RATE (never later because an earlier one is still waiting: no coordinated omission),
// as the next buyer of TOKENS_FILE in turn, so every buyer tries RATE * SECONDS / buyers times. Of the winners, a
// PAY_FRACTION (chosen by checkout id) wait until their checkout is written, then confirm and pay, as a person would.
// Writes to OUT_DIR: accepted.tsv (every 202: answered at ms, checkout id, buyer, expiresAt ms), unanswered.tsv (every
// request sent that got no answer: sent at ms, buyer, why — a timeout or a broken connection, so the service may have
// admitted it), answers.tsv (per second: sent, 202, each other status), load.json (the totals). The time a request
// is answered is what the checks compare with the fault's end.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';

const [base, tokensFile, saleArg, rateArg, secondsArg, payArg, out] = process.argv.slice(2);
const sale = Number(saleArg), rate = Number(rateArg), seconds = Number(secondsArg), payFraction = Number(payArg);
const TIMEOUT_MS = Number(process.env.FAULTS_REQUEST_TIMEOUT_MS ?? 30000);
const MAX_IN_FLIGHT = Number(process.env.FAULTS_MAX_IN_FLIGHT ?? 2000);
const tokens = readFileSync(tokensFile, 'ascii').split('\n').filter(Boolean);
const buyerOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
const buyers = tokens.map(buyerOf);
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

const acceptedLines = [], unansweredLines = [];
const perSecond = new Map();   // second since start -> {sent, s202, ...}
const statuses = {}, codes = {};
let sent = 0, answered = 0, accepted = 0, unanswered = 0, refused = 0, skipped = 0, inFlight = 0;
const latencies = [];
const pay = { chosen: 0, paid: 0, confirmFailed: 0, payFailed: 0, neverWritten: 0, errors: 0 };
let payInFlight = 0;

function request(method, path, token, body) {
  return new Promise((resolve) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: url.hostname, port: url.port, path, method, agent, timeout: TIMEOUT_MS,
      headers: { authorization: `Bearer ${token}`, ...(data ? { 'content-type': 'application/json',
        'content-length': Buffer.byteLength(data) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
      res.on('error', () => resolve({ status: 0, error: 'reset' }));
    });
    let connected = false;
    req.on('socket', (s) => {
      if (!s.connecting) connected = true; else s.once('connect', () => { connected = true; });
    });
    req.on('timeout', () => { req.destroy(new Error('timeout')); });
    // a request still waiting for a socket (the agent's queue) has no socket timeout yet: bound it here
    const timer = setTimeout(() => req.destroy(new Error('timeout')), TIMEOUT_MS + 5000);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (e) => resolve({ status: 0, error: e.message === 'timeout' ? 'timeout'
      : (connected ? 'reset' : 'refused') }));
    if (data) req.write(data);
    req.end();
  });
}

function bucket(t) {
  const s = Math.floor((t - start) / 1000);
  let b = perSecond.get(s);
  if (!b) { b = { sent: 0 }; perSecond.set(s, b); }
  return b;
}

async function snapUp(i) {
  const token = tokens[i % tokens.length], buyer = buyers[i % tokens.length];
  const sentAt = Date.now();
  sent++; bucket(sentAt).sent++; inFlight++;
  const r = await request('POST', '/api/snap-up/checkouts', token, { promotionVariantId: sale, quantity: 1 });
  inFlight--;
  const at = Date.now();
  if (r.status === 0) {
    if (r.error === 'refused') { refused++; bucket(at).refused = (bucket(at).refused ?? 0) + 1; return; }
    unanswered++; unansweredLines.push(`${sentAt}\t${buyer}\t${r.error}\n`);
    bucket(at)[r.error] = (bucket(at)[r.error] ?? 0) + 1;
    return;
  }
  answered++; latencies.push(at - sentAt);
  statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const b = bucket(at);
  if (r.status === 202) {
    accepted++; b.s202 = (b.s202 ?? 0) + 1;
    const body = JSON.parse(r.text);
    acceptedLines.push(`${at}\t${body.checkoutId}\t${buyer}\t${Date.parse(body.expiresAt)}\n`);
    if (payFraction > 0 && parseInt(body.checkoutId.replace(/-/g, '').slice(-6), 16) % 1000 < payFraction * 1000) {
      pay.chosen++; payInFlight++;
      payFor(token, body.checkoutId, Date.parse(body.expiresAt)).finally(() => { payInFlight--; });
    }
  } else {
    let code = '';
    try { code = JSON.parse(r.text).code ?? ''; } catch { /* not a problem body */ }
    const key = `${r.status}${code ? ' ' + code : ''}`;
    codes[key] = (codes[key] ?? 0) + 1;
    b[r.status] = (b[r.status] ?? 0) + 1;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// a winner who pays: waits for the checkout to be written (polling as a client that lost its socket would), then
// confirms and pays at once; gives up at the hold's end
async function payFor(token, id, expiresAt) {
  const path = `/api/checkouts/${id}`;
  while (Date.now() < expiresAt + 5000) {
    await sleep(1000);
    const r = await request('GET', path, token);
    if (r.status !== 200) { if (r.status !== 404 && r.status !== 0) pay.errors++; continue; }
    const status = JSON.parse(r.text).status;
    if (status === 'QUEUED') continue;
    if (status !== 'CHECKOUT') { pay.neverWritten++; return; }
    const c = await request('POST', `${path}/confirm`, token, { address: '1 Fault Street' });
    if (c.status !== 200) { pay.confirmFailed++; return; }
    const p = await request('POST', `${path}/pay`, token);
    if (p.status !== 200) { pay.payFailed++; return; }
    pay.paid++;
    return;
  }
  pay.neverWritten++;
}

const start = Date.now();
const planned = Math.round(rate * seconds);
let total = planned;
let next = 0;
const tty = process.env.BENCH_TTY === 'true';
let lastProgress = 0, lastState = 0;
await new Promise((resolve) => {
  const tick = () => {
    const now = Date.now();
    const due = Math.min(total, Math.floor((now - start) * rate / 1000) + 1);
    while (next < due) {
      if (inFlight >= MAX_IN_FLIGHT) { skipped++; next++; continue; }   // the client's own bound: counted, not sent
      snapUp(next++);
    }
    if (now - lastState >= 200) {   // what the run waits on to time a fault: the 202s so far
      lastState = now;
      writeFileSync(`${out}/progress`, `${accepted} ${now}\n`);
      // the run may extend the load past a slow recovery: OUT_DIR/until holds the new end (epoch ms)
      if (existsSync(`${out}/until`)) {
        total = Math.max(planned, Math.round(rate * (Number(readFileSync(`${out}/until`, 'utf8')) - start) / 1000));
      }
    }
    if (now - lastProgress >= 5000) {
      lastProgress = now;
      const line = `load: ${Math.round((now - start) / 1000)} s, ${sent} sent, ${accepted} accepted, ${answered - accepted} refused by the service, ${refused} connections refused, ${unanswered} unanswered, ${inFlight} in flight`;
      process.stderr.write(tty ? `\r\x1b[K  ${line}` : `  ${line}\n`);
    }
    if (next >= total) resolve(); else setTimeout(tick, 5);
  };
  tick();
});
const sendingEnded = Date.now();
writeFileSync(`${out}/progress`, `${accepted} ${sendingEnded} done\n`);
while (inFlight > 0) await sleep(50);
const answersEnded = Date.now();
while (payInFlight > 0) await sleep(200);
if (tty) process.stderr.write('\n');

writeFileSync(`${out}/accepted.tsv`, acceptedLines.join(''));
writeFileSync(`${out}/unanswered.tsv`, unansweredLines.join(''));
const seconds_ = [...perSecond.keys()].sort((a, b) => a - b);
writeFileSync(`${out}/answers.tsv`, seconds_.map((s) => `${start + s * 1000}\t${JSON.stringify(perSecond.get(s))}\n`).join(''));
latencies.sort((a, b) => a - b);
const q = (p) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : null;
const summary = { started_ms: start, sending_ended_ms: sendingEnded, answers_ended_ms: answersEnded, rate, seconds,
  buyers: tokens.length, offered: total, sent, skipped_client_backlog: skipped, answered, accepted,
  connections_refused: refused, unanswered, statuses, codes, latency_ms: { p50: q(0.5), p99: q(0.99), max: q(1) },
  pay: { fraction: payFraction, ...pay } };
writeFileSync(`${out}/load.json`, JSON.stringify(summary, null, 1));
appendFileSync(`${out}/load.log`, `${JSON.stringify(summary)}\n`);
agent.destroy();
