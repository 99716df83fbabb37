// The fault suite's judge: waits for the service to be quiescent after a scenario, then holds the database and Redis
// to the invariants, against the load's record of every answer.
//   node check.mjs SCENARIO_DIR SALE WAIT_SECONDS
// SCENARIO_DIR holds the load's files (load.mjs) and fault.json ({injected_ms, ended_ms}); the private servers are
// reached through the scripts the run wrote to $FAULTS_BIN (sql, rcli, rmqctl). Writes SCENARIO_DIR/check.json.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const [dir, saleArg, waitArg] = process.argv.slice(2);
const sale = Number(saleArg), waitSeconds = Number(waitArg);
const bin = process.env.FAULTS_BIN;
const run = (cmd, args) => execFileSync(`${bin}/${cmd}`, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
const sql = (q) => run('sql', [q]).split('\n').filter(Boolean).map((l) => l.split('\t'));
const rcli = (...a) => run('rcli', a);
const tag = `{pv:${sale}}`;
const hgetall = (key) => {
  const lines = rcli('--no-raw', 'HGETALL', key).split('\n').filter(Boolean)
    .map((l) => l.replace(/^\s*\d+\)\s*/, '').replace(/^"(.*)"$/, '$1'));
  const m = new Map();
  if (lines.length === 1 && lines[0].startsWith('(empty')) return m;
  for (let i = 0; i + 1 < lines.length; i += 2) m.set(lines[i], lines[i + 1]);
  return m;
};
const queueDepth = () => {
  try {
    const rows = run('rmqctl', ['-q', 'list_queues', 'name', 'messages']).split('\n').map((l) => l.trim().split(/\s+/));
    const get = (n) => Number(rows.find((r) => r[0] === n)?.[1] ?? 0);
    return { orders: get('checkout.orders'), dead: get('checkout.orders.dead'), expiry: get('checkout.expiry'),
      queues: rows.filter((r) => r[0]).length };
  } catch { return { orders: null, dead: null, expiry: null, queues: null }; }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (s) => process.stderr.write(`  ${s}\n`);

// --- quiescence: nothing queued, nothing open, the holds no longer changing -------------------------------------------
const waitStart = Date.now();
let quiescent = false, lastHolds = -1, stableSince = Date.now(), state = {};
while (Date.now() - waitStart < waitSeconds * 1000) {
  let open = null, holds = null;
  try {
    open = Number(sql(`SELECT COUNT(*) FROM checkout WHERE promotion_variant_id=${sale} AND status IN ('CHECKOUT','CONFIRMED')`)[0][0]);
  } catch { /* the database may still be coming back */ }
  try { holds = Number(rcli('HLEN', `${tag}:holds`).trim()); } catch { /* Redis may still be coming back */ }
  const q = queueDepth();
  state = { open, holds, orders_queued: q.orders };
  if (holds !== lastHolds) { lastHolds = holds; stableSince = Date.now(); }
  if (open === 0 && q.orders === 0 && holds !== null && Date.now() - stableSince >= 5000) { quiescent = true; break; }
  if ((Date.now() - waitStart) % 15000 < 2100) log(`waiting for quiescence: ${open} open checkouts, ${holds} holds in Redis, ${q.orders} messages in checkout.orders (${Math.round((Date.now() - waitStart) / 1000)} s)`);
  await sleep(2000);
}
const checkedAt = Date.now();

// --- what the clients were told ------------------------------------------------------------------------------------------
const tsv = (f) => existsSync(`${dir}/${f}`) ? readFileSync(`${dir}/${f}`, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')) : [];
const accepted = tsv('accepted.tsv').map(([at, id, buyer, exp]) => ({ at: Number(at), id, buyer, exp: Number(exp) }));
const unanswered = tsv('unanswered.tsv').map(([at, buyer, why]) => ({ at: Number(at), buyer, why }));
const load = JSON.parse(readFileSync(`${dir}/load.json`, 'utf8'));
const fault = existsSync(`${dir}/fault.json`) ? JSON.parse(readFileSync(`${dir}/fault.json`, 'utf8')) : null;

// --- the record -----------------------------------------------------------------------------------------------------------
// one consistent snapshot of the row and its checkouts (they may still move when the service is not quiescent)
const snapshot = sql(`START TRANSACTION WITH CONSISTENT SNAPSHOT;
  SELECT 'V', stock, reserved, sold, quantity_limit, hold_seconds FROM promotion_variant WHERE id=${sale};
  SELECT 'C', checkout_id, user_id, status, quantity, UNIX_TIMESTAMP(expires_at), UNIX_TIMESTAMP(created_at),
    COALESCE(UNIX_TIMESTAMP(closed_at), -1) FROM checkout WHERE promotion_variant_id=${sale}; COMMIT;`);
const [stock, reserved, sold, limit, holdSeconds] = snapshot.find((r) => r[0] === 'V').slice(1).map(Number);
const rows = snapshot.filter((r) => r[0] === 'C').map(([, id, user, status, qty, exp, created, closed]) => ({ id, user,
  status, qty: Number(qty), exp: Number(exp) * 1000, created: Number(created) * 1000, closed: Number(closed) * 1000 }));
const live = (s) => s === 'CHECKOUT' || s === 'CONFIRMED';
const statusCounts = {};
for (const r of rows) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const reservedByRows = sum(rows.filter((r) => live(r.status)).map((r) => r.qty));
const soldByRows = sum(rows.filter((r) => r.status === 'PAID').map((r) => r.qty));

// --- the live state -------------------------------------------------------------------------------------------------------
const saleHash = hgetall(`${tag}:sale`);
const bought = hgetall(`${tag}:bought`);
const holds = hgetall(`${tag}:holds`);
const liveStateExists = saleHash.size > 0;
const available = liveStateExists ? Number(saleHash.get('available')) : null;
const holdList = [...holds].map(([id, v]) => { const [user, qty, exp] = v.split(':'); return { id, user, qty: Number(qty), exp: Number(exp) }; });
const holdUnits = sum(holdList.map((h) => h.qty));

const byId = new Map(rows.map((r) => [r.id, r]));
const acceptedIds = new Map();
let duplicate202 = 0;
for (const a of accepted) { if (acceptedIds.has(a.id)) duplicate202++; acceptedIds.set(a.id, a); }
const unansweredBuyers = new Map();
for (const u of unanswered) unansweredBuyers.set(u.buyer, (unansweredBuyers.get(u.buyer) ?? 0) + 1);

// 1. every 202 has exactly one checkout (checkout_id is unique in the table: one row or none), of that buyer
const missing = accepted.filter((a) => !byId.has(a.id));
const missingWithHold = missing.filter((a) => holds.has(a.id)).length;
const wrongBuyer = accepted.filter((a) => byId.has(a.id) && byId.get(a.id).user !== a.buyer).length;
// 2. nothing without a 202, except what a client got no answer for (at most one checkout per unanswered request)
const without202 = rows.filter((r) => !acceptedIds.has(r.id));
const usedUnanswered = new Map();
const unexplained = without202.filter((r) => {
  const n = usedUnanswered.get(r.user) ?? 0;
  if (n < (unansweredBuyers.get(r.user) ?? 0)) { usedUnanswered.set(r.user, n + 1); return false; }
  return true;
});
// holds with no row and no message behind them once everything is quiescent: admitted, never to be written
const orphanHolds = holdList.filter((h) => !byId.has(h.id));
const orphanHoldsPastDeadline = orphanHolds.filter((h) => h.exp < checkedAt).length;

// 3. the stock equation, in the database and in Redis
const dbAvailable = stock - reserved - sold;
const expectedAvailable = stock - reserved - sold - holdUnits;
const leakedUnits = liveStateExists ? expectedAvailable - available : null;   // > 0: units no one can ever buy
// 4. each buyer's count in Redis = live and paid checkouts + unwritten holds
const expectedBought = new Map();
for (const r of rows) if (live(r.status) || r.status === 'PAID') expectedBought.set(r.user, (expectedBought.get(r.user) ?? 0) + r.qty);
for (const h of holdList) expectedBought.set(h.user, (expectedBought.get(h.user) ?? 0) + h.qty);
const buyersSeen = new Set([...bought.keys(), ...expectedBought.keys()]);
const buyerMismatches = [];
for (const u of buyersSeen) {
  const have = Number(bought.get(u) ?? 0), want = expectedBought.get(u) ?? 0;
  if (have !== want) buyerMismatches.push({ buyer: u, redis: have, expected: want });
}
const stuckBuyers = buyerMismatches.filter((m) => m.redis > m.expected).length;
const dbUnitsByBuyer = new Map();
for (const r of rows) if (live(r.status) || r.status === 'PAID') dbUnitsByBuyer.set(r.user, (dbUnitsByBuyer.get(r.user) ?? 0) + r.qty);
const buyersOverLimitDb = [...dbUnitsByBuyer.values()].filter((n) => n > limit).length;
const buyersOverLimitRedis = [...bought.values()].filter((n) => Number(n) > limit).length;
// 5. every hold whose deadline passed is closed and back on sale; how late
const overdueOpen = rows.filter((r) => live(r.status) && r.exp < checkedAt - 1000).length;
const expired = rows.filter((r) => r.status === 'EXPIRED');
const expiredWhileQueued = expired.filter((r) => r.created >= r.exp).length;
const lateness = expired.filter((r) => r.closed > 0).map((r) => (r.closed - r.exp) / 1000).sort((a, b) => a - b);
const pct = (xs, p) => xs.length ? xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] : null;
// once the fault is over (the server back; after a restart, the service healthy again), a hold is late by its overdue
// time less the part of it the fault covered (from the injection to the recovery): a hold due while nothing could give
// it back is late only by what follows the recovery, and one already late before the fault keeps that
const events = existsSync(`${dir}/events.log`) ? readFileSync(`${dir}/events.log`, 'utf8').split('\n').filter(Boolean)
  .map((l) => { const [t, what] = l.split(' '); return { t: Number(t), what }; }) : [];
const readyAfter = fault?.injected_ms ? events.find((e) => e.what === 'app-ready' && e.t >= fault.injected_ms) : null;
const recoveredAt = readyAfter?.t ?? fault?.ended_ms ?? null;
const covered = (r) => Math.max(0, Math.min(r.closed, recoveredAt) - Math.max(r.exp, fault.injected_ms));
const latenessAfterRecovery = recoveredAt && fault?.injected_ms ? expired.filter((r) => r.closed > 0)
  .map((r) => Math.max(0, Math.round((r.closed - r.exp - covered(r)) / 1000))).sort((a, b) => a - b) : lateness;

// 6. from the fault's end to the first 202 (and to the first answer of any kind)
const firstAfter = (t) => accepted.filter((a) => a.at >= t).reduce((m, a) => Math.min(m, a.at), Infinity);
const firstAnswerAfter = (t) => {
  for (const [at, b] of tsv('answers.tsv')) {
    const o = JSON.parse(b);
    const answers = Object.entries(o).filter(([k]) => /^\d+$/.test(k) || k === 's202').reduce((n, [, v]) => n + v, 0);
    if (Number(at) + 1000 > t && answers > 0) return Math.max(0, Number(at) - t);
  }
  return null;
};
let firstAccept = null, firstAnswer = null;
if (fault?.ended_ms) {
  const f = firstAfter(fault.ended_ms);
  firstAccept = Number.isFinite(f) ? (f - fault.ended_ms) / 1000 : null;
  firstAnswer = firstAnswerAfter(fault.ended_ms);
  firstAnswer = firstAnswer === null ? null : firstAnswer / 1000;
}
// the service's own start after a restart: from the restart to a healthy /actuator/health
const serviceReady = readyAfter && fault?.ended_ms ? (readyAfter.t - fault.ended_ms) / 1000 : null;
const q = queueDepth();

const invariants = {
  every_202_has_one_checkout: { pass: missing.length === 0 && wrongBuyer === 0 && duplicate202 === 0,
    detail: `${accepted.length} 202s; ${missing.length} without a checkout (${missingWithHold} of them still a hold in Redis); ${wrongBuyer} of another buyer; ${duplicate202} ids answered twice` },
  nothing_without_a_202: { pass: unexplained.length === 0,
    detail: `${without202.length} checkouts without a 202, ${without202.length - unexplained.length} explained by the ${unanswered.length} unanswered requests, ${unexplained.length} unexplained` },
  no_orphan_holds: { pass: orphanHolds.length === 0,
    detail: `${holdList.length} holds left in Redis, ${orphanHolds.length} with no checkout (${orphanHoldsPastDeadline} past their deadline), ${holdUnits} units` },
  stock_equation_db: { pass: reserved === reservedByRows && sold === soldByRows && reserved >= 0 && sold >= 0 && reserved + sold <= stock,
    detail: `stock ${stock} = available ${dbAvailable} + reserved ${reserved} + sold ${sold}; live checkouts hold ${reservedByRows}, paid ${soldByRows}` },
  stock_equation_redis: { pass: liveStateExists && leakedUnits === 0 && available >= 0 && Number(saleHash.get('stock')) === stock,
    detail: liveStateExists ? `Redis available ${available}, expected ${expectedAvailable} (stock ${stock} − reserved ${reserved} − sold ${sold} − unwritten holds ${holdUnits}): ${leakedUnits > 0 ? `${leakedUnits} units leaked` : leakedUnits < 0 ? `${-leakedUnits} units too many` : 'equal'}` : 'no live state in Redis' },
  nothing_oversold: { pass: reservedByRows + soldByRows <= stock && reserved + sold <= stock,
    detail: `${reservedByRows + soldByRows} units live or paid of ${stock}` },
  buyer_counts: { pass: buyerMismatches.length === 0,
    detail: `${buyerMismatches.length} buyers whose Redis count differs from live checkouts + unwritten holds (${stuckBuyers} higher: stuck buyers)${buyerMismatches.length ? `, e.g. ${JSON.stringify(buyerMismatches.slice(0, 3))}` : ''}` },
  no_buyer_over_limit: { pass: buyersOverLimitDb === 0 && buyersOverLimitRedis === 0,
    detail: `${buyersOverLimitDb} in the database, ${buyersOverLimitRedis} in Redis (limit ${limit})` },
  expired_holds_back_on_sale: { pass: overdueOpen === 0,
    detail: `${expired.length} expired (${expiredWhileQueued} written straight as EXPIRED); ${overdueOpen} still open past their deadline at the check` },
};
const result = {
  sale, stock, limit, hold_seconds: holdSeconds, quiescent, waited_s: Math.round((checkedAt - waitStart) / 1000),
  state_at_check: state, fault,
  load: { offered: load.offered, sent: load.sent, accepted: load.accepted, answered: load.answered,
    connections_refused: load.connections_refused, unanswered: load.unanswered, skipped_client_backlog: load.skipped_client_backlog,
    statuses: load.statuses, codes: load.codes, latency_ms: load.latency_ms, pay: load.pay },
  figures: {
    accepted: accepted.length, checkouts: rows.length, statuses: statusCounts, lost_202: missing.length,
    unexplained_checkouts: unexplained.length, orphan_holds: orphanHolds.length, leaked_units: leakedUnits,
    stuck_buyers: stuckBuyers, buyer_mismatches: buyerMismatches.length, oversold: Math.max(0, reservedByRows + soldByRows - stock),
    redis_available: available, db_available: dbAvailable, reserved, sold,
    expired: expired.length, expired_while_queued: expiredWhileQueued, overdue_open: overdueOpen,
    lateness_s: { n: lateness.length, p50: pct(lateness, 0.5), p99: pct(lateness, 0.99), max: lateness.at(-1) ?? null },
    lateness_after_recovery_s: { n: latenessAfterRecovery.length, p50: pct(latenessAfterRecovery, 0.5), p99: pct(latenessAfterRecovery, 0.99), max: latenessAfterRecovery.at(-1) ?? null },
    first_202_after_fault_s: firstAccept, service_healthy_after_restart_s: serviceReady, first_answer_after_fault_s: firstAnswer,
    dead_letters: q.dead, orders_queued_at_check: q.orders, broker_queues: q.queues,
  },
  invariants,
  // the suite's targets (docs: bench/README.md): figures on a shared machine, reported, not part of the exit status
  targets: {
    lateness_after_recovery_p99_le_5s: { pass: (pct(latenessAfterRecovery, 0.99) ?? 0) <= 5, value: pct(latenessAfterRecovery, 0.99) },
    ...(fault?.name === 'control' ? { lateness_without_fault_p99_le_2s: { pass: (pct(lateness, 0.99) ?? 0) <= 2, value: pct(lateness, 0.99) } } : {}),
    ...(readyAfter ? { first_202_after_restart_le_10s: { pass: firstAccept !== null && firstAccept <= 10, value: firstAccept } } : {}),
  },
  pass: Object.values(invariants).every((i) => i.pass),
};
writeFileSync(`${dir}/check.json`, JSON.stringify(result, null, 1));
for (const [name, i] of Object.entries(invariants)) log(`${i.pass ? 'pass' : 'FAIL'}  ${name}: ${i.detail}`);
const L = result.figures.lateness_s;
log(`expiry lateness p50/p99/max ${L.p50}/${L.p99}/${L.max} s (${L.n}); first 202 after the fault's end ${firstAccept} s; first answer ${firstAnswer} s`);
