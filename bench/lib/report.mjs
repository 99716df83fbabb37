// Turns the raw files of one run (bench/results/<stamp>/) into results.json (every figure, the ratios under named
// keys, versions and machine), report.md and chart.svg.
//   node report.mjs RESULTS_DIR
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const file = (name) => join(dir, name);
const has = (name) => existsSync(file(name));
const text = (name) => (has(name) ? readFileSync(file(name), 'utf8') : '');
const json = (name) => (has(name) ? JSON.parse(readFileSync(file(name), 'utf8')) : null);
const keyValues = (name) => Object.fromEntries(text(name).split('\n').filter(Boolean).map((l) => {
  const i = l.indexOf(' ');
  return i < 0 ? [l, ''] : [l.slice(0, i), l.slice(i + 1)];
}));
const num = (v) => (v === undefined || v === null || v === '' || Number.isNaN(Number(v)) ? null : Number(v));
const r1 = (v) => (v === null || v === undefined ? null : Math.round(v * 10) / 10);
const r2 = (v) => (v === null || v === undefined ? null : Math.round(v * 100) / 100);
const r3 = (v) => (v === null || v === undefined ? null : Math.round(v * 1000) / 1000);
const sum = (a) => a.reduce((x, y) => x + y, 0);
const fmt = (v, digits = 0) => (v === null || v === undefined ? 'n/a'
  : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const CLK_TCK = 100;

const env = keyValues('environment.txt');
const STOCK = num(env.stock);
const phases = {};
for (const line of text('phases.txt').split('\n').filter(Boolean)) {
  const [name, t] = line.split(' ');
  const [phase, edge] = [name.slice(0, name.lastIndexOf('-')), name.slice(name.lastIndexOf('-') + 1)];
  (phases[phase] ??= {})[edge] = Number(t);
}

// --- wrk runs -----------------------------------------------------------------------------------------------------------
function wrkRun(name) {
  const r = json(`${name}/result.json`);
  if (!r) return null;
  const threads = Object.values(r.threads);
  const byStatus = {}, byCode = {}, perSecond = {};
  for (const t of threads) {
    for (const [k, v] of Object.entries(t.by_status ?? {})) byStatus[k] = (byStatus[k] ?? 0) + v;
    for (const [k, v] of Object.entries(t.by_code ?? {})) byCode[k] = (byCode[k] ?? 0) + v;
    for (const [k, v] of Object.entries(t.per_second ?? {})) {
      const [sec, status] = k.split(':');
      (perSecond[sec] ??= {})[status] = (perSecond[sec]?.[status] ?? 0) + v;
    }
  }
  const answered = sum(threads.map((t) => t.answered));
  const accepted = sum(threads.map((t) => t.accepted));
  const first = Math.min(...threads.map((t) => t.first_ms).filter((x) => x > 0));
  const last = Math.max(...threads.map((t) => t.last_ms));
  const okFirst = Math.min(...threads.map((t) => t.first_ok_ms).filter((x) => x > 0));
  const okLast = Math.max(...threads.map((t) => t.last_ok_ms));
  const wallSeconds = r.summary.duration_us / 1e6;
  const activeSeconds = (last - first) / 1000;
  const l = r.latency_us;
  const errors = r.summary.errors;
  const http5xx = sum(Object.entries(byStatus).filter(([k]) => Number(k) >= 500).map(([, v]) => v));
  const retryAfter503 = sum(threads.map((t) => t.retry_after_503 ?? 0));
  const retryAfter429 = sum(threads.map((t) => t.retry_after_429 ?? 0));
  return {
    answered, accepted, first_answer_ms: first, last_answer_ms: last,
    first_accept_ms: accepted ? okFirst : null, last_accept_ms: accepted ? okLast : null,
    seconds: r3(activeSeconds),
    per_second: r1(answered / activeSeconds),
    accepted_per_second: accepted > 1 ? r1(accepted / ((okLast - okFirst) / 1000)) : null,
    wrk_requests: r.summary.requests, wrk_duration_s: r3(wallSeconds),
    latency_ms: { p50: r2(l.p50 / 1000), p90: r2(l.p90 / 1000), p99: r2(l.p99 / 1000), p999: r2(l.p999 / 1000),
      max: r2(l.max / 1000), mean: r2(l.mean / 1000) },
    by_status: byStatus, by_code: byCode,
    http_5xx: http5xx,
    // a 503 with Retry-After is a deliberate refusal (try again), not a failure
    http_5xx_not_deliberate: http5xx - retryAfter503,
    refusals: { 429: byStatus['429'] ?? 0, 503: byStatus['503'] ?? 0, with_retry_after: retryAfter429 + retryAfter503 },
    socket_errors: { connect: errors.connect, read: errors.read, write: errors.write, timeout: errors.timeout },
    per_second_series: Object.entries(perSecond).map(([sec, s]) => ({ t: Number(sec) * 1000, ...s }))
      .sort((a, b) => a.t - b.t),
  };
}

const warmup = wrkRun('warmup-snapup');
const CEILING_CANDIDATES = {
  invalid: 'POST /api/snap-up/checkouts with quantity 11 → 400 (token verified, body read and refused before any store)',
  checkouts: 'GET /api/checkouts → 200 (token verified, one indexed MySQL query)',
  checkout404: 'GET /api/checkouts/{random uuid} → 404 (token verified, one MySQL and one Redis lookup)',
  unmapped: 'GET /api/bench/unmapped → 404 (token verified, Spring MVC finds no handler)',
};
const ceilings = Object.fromEntries(Object.entries(CEILING_CANDIDATES)
  .map(([mode, endpoint]) => [mode, wrkRun(`ceiling-${mode}`)]).filter(([, r]) => r)
  .map(([mode, r]) => [mode, { endpoint: CEILING_CANDIDATES[mode], ...r, per_second_series: undefined }]));
const ceilingMode = Object.keys(ceilings).sort((a, b) => ceilings[b].per_second - ceilings[a].per_second)[0];
const ceiling = ceilingMode ? ceilings[ceilingMode] : null;
const stampedeRaw = wrkRun('stampede');

// --- stampede: MySQL's count over time, invariants ------------------------------------------------------------------
const dbSeries = text('stampede-db.txt').split('\n').filter(Boolean).map((l) => l.split(' ').map(Number))
  .filter(([t, n]) => !Number.isNaN(t) && !Number.isNaN(n));
const inv = keyValues('stampede-invariants.txt');
let stampede = null;
if (stampedeRaw) {
  const allInDb = dbSeries.find(([, n]) => n >= STOCK)?.[0] ?? null;
  const firstInDb = dbSeries.find(([, n]) => n > 0)?.[0] ?? null;
  const createdFirst = num(inv.created_first_ms), createdLast = num(inv.created_last_ms);
  let peak = 0;
  for (let i = 0, j = 0; i < dbSeries.length; i++) {
    while (dbSeries[i][0] - dbSeries[j][0] > 1000) j++;
    const span = (dbSeries[i][0] - dbSeries[j][0]) / 1000;
    if (span >= 0.9) peak = Math.max(peak, (dbSeries[i][1] - dbSeries[j][1]) / span);
  }
  const orders = num(inv.orders);
  const checks = {
    exactly_stock_orders: orders === STOCK && num(inv.orders_units) === STOCK,
    no_user_above_limit: num(inv.users_over_limit) === 0,
    db_reserved_plus_sold_equals_stock: num(inv.db_reserved) + num(inv.db_sold) === num(inv.db_stock)
      && num(inv.db_stock) === STOCK,
    redis_available_zero: num(inv.redis_available) === 0,
    no_queued_holds_left: num(inv.redis_holds) === 0,
    every_202_is_an_order: stampedeRaw.accepted === orders,
    no_failed_or_expired_orders: num(inv.orders_not_checkout) === 0,
    no_dead_letters: (num(inv.dead_letters) ?? 0) === 0,
    zero_5xx: stampedeRaw.http_5xx_not_deliberate === 0,
  };
  stampede = {
    ...stampedeRaw,
    attempts: stampedeRaw.answered,
    distinct_users: num(env.users),
    units: STOCK,
    time_to_sell_out_s: stampedeRaw.last_accept_ms ? r3((stampedeRaw.last_accept_ms - stampedeRaw.first_answer_ms) / 1000) : null,
    time_until_all_orders_in_mysql_s: allInDb ? r3((allInDb - stampedeRaw.first_answer_ms) / 1000) : null,
    last_accept_to_all_orders_in_mysql_s: allInDb ? r3((allInDb - stampedeRaw.last_accept_ms) / 1000) : null,
    last_accept_to_last_order_created_at_s: createdLast ? r3((createdLast - stampedeRaw.last_accept_ms) / 1000) : null,
    orders_persisted_per_second: allInDb && firstInDb && allInDb > firstInDb
      ? r1(orders / ((allInDb - firstInDb) / 1000)) : null,
    orders_persisted_per_second_from_created_at: createdLast > createdFirst
      ? r1(orders / ((createdLast - createdFirst) / 1000)) : null,
    created_at_resolution: num(inv.created_at_max_microsecond) > 0 ? 'microseconds' : 'whole seconds (fractions lost on insert)',
    orders_persisted_peak_1s: r1(peak),
    mysql_poll_interval_ms: 250,
    invariants: { ...checks, violations: Object.values(checks).filter((ok) => !ok).length, raw: inv },
  };
}

// --- drain: the order worker with a backlog ------------------------------------------------------------------------------
const drainKv = (() => {
  const parts = text('drain.txt').trim().split(/\s+/);
  const o = {};
  for (let i = 0; i + 1 < parts.length; i += 2) o[parts[i]] = num(parts[i + 1]);
  return o;
})();
let drain = null;
if (drainKv.drain) {
  const series = text('drain-db.txt').split('\n').filter(Boolean).map((l) => l.split(' ').map(Number));
  // every checkout queued at the release written (the attempts were DRAIN, the 202s fewer)
  const all = series.find(([, n]) => n >= drainKv.queued_at_release)?.[0] ?? null;
  const released = drainKv.released_ms;
  const admitted = wrkRun('drain');
  drain = {
    orders: drainKv.drain, queued_at_release: drainKv.queued_at_release, orders_written: drainKv.orders,
    orders_not_checkout: drainKv.failed, admitted: admitted?.accepted ?? null,
    admitted_per_second: admitted?.accepted_per_second ?? null,
    seconds_to_drain: all ? r3((all - released) / 1000) : null,
    orders_persisted_per_second: all && drainKv.queued_at_release ? r1(drainKv.queued_at_release / ((all - released) / 1000)) : null,
    poll_interval_ms: 100,
  };
}

// --- samples: CPU by process per phase, and the service's counters over time -----------------------------------------
const samples = text('samples.jsonl').split('\n').filter(Boolean).map((l) => { try { return JSON.parse(l); } catch { return null; } })
  .filter(Boolean);
const nproc = num(env.nproc) ?? 2;
const samplesBaseline = text('samples-baseline.jsonl').split('\n').filter(Boolean)
  .map((l) => { try { return JSON.parse(l); } catch { return null; } }).filter(Boolean);
function cpuDuring(from, to, all = samples) {
  const inWindow = all.filter((s) => s.t >= from && s.t <= to);
  if (inWindow.length < 2) return null;
  const a = inWindow[0], b = inWindow[inWindow.length - 1];
  const seconds = (b.t - a.t) / 1000;
  const cores = {};
  let known = 0;
  for (const name of Object.keys(b.cpu)) {
    if (a.cpu[name] === null || b.cpu[name] === null) continue;
    const c = (b.cpu[name] - a.cpu[name]) / CLK_TCK / seconds;
    cores[name] = r2(c);
    known += c;
  }
  const busy = (b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total) * nproc;
  cores.other = r2(Math.max(0, busy - known));
  return { seconds: r1(seconds), machine_busy_cores: r2(busy), of_cores: nproc, cores };
}
const cpu = {};
for (const [name, p] of Object.entries(phases)) {
  if (p.start && p.end) cpu[name] = cpuDuring(p.start, p.end, name.startsWith('baseline-') ? samplesBaseline : samples);
}

// --- open loop, notify, baselines -----------------------------------------------------------------------------------
const openloop = json('openloop.json');
if (openloop) {
  openloop.http_5xx = sum(Object.entries(openloop.by_status).filter(([k]) => Number(k) >= 500).map(([, v]) => v));
  openloop.errors = openloop.by_status['-1'] ?? 0;
}
const notifyRaw = json('notify.json');
let notify = null;
if (notifyRaw) {
  const created = new Map(text('notify-db.tsv').split('\n').filter(Boolean).map((l) => {
    const [id, ms] = l.split('\t');
    return [id, Number(ms)];
  }));
  const fromCommit = [];
  for (const [id, , , received] of notifyRaw.samples) {
    if (received !== null && created.has(id)) fromCommit.push(received - created.get(id));
  }
  fromCommit.sort((a, b) => a - b);
  const wholeSeconds = [...created.values()].every((ms) => ms % 1000 === 0);
  const pct = (s, p) => (s.length ? r2(s[Math.min(s.length - 1, Math.max(0, Math.ceil(p / 100 * s.length) - 1))]) : null);
  const { samples: _, ...rest } = notifyRaw;
  notify = { ...rest, latency_from_created_at_ms: wholeSeconds
    ? { note: 'created_at is stored to the whole second (its fraction is lost on insert), so it cannot time a notification' }
    : { p50: pct(fromCommit, 50), p90: pct(fromCommit, 90), p99: pct(fromCommit, 99), max: pct(fromCommit, 100),
      n: fromCommit.length } };
}

function redisBenchmark() {
  const lines = text('redis-benchmark.csv').split('\n').filter(Boolean);
  const header = lines.find((l) => l.startsWith('"test"'));
  const row = lines.find((l) => l.startsWith('"EVALSHA'));
  if (!header || !row) return null;
  const cols = header.split(',').map((c) => c.replace(/"/g, ''));
  const vals = row.match(/"[^"]*"/g).map((c) => c.replace(/"/g, ''));
  const o = Object.fromEntries(cols.map((c, i) => [c, i === 0 ? vals[i] : Number(vals[i])]));
  const admitted = num(lines.find((l) => l.startsWith('admitted'))?.split(' ')[1]);
  return { requests: null, clients: 64, per_second: o.rps, admitted,
    latency_ms: { avg: o.avg_latency_ms, p50: o.p50_latency_ms, p95: o.p95_latency_ms, p99: o.p99_latency_ms,
      max: o.max_latency_ms } };
}
const redisBench = redisBenchmark();
const lockVsLua = json('lock-vs-lua.json');

function perftest() {
  const t = text('perftest.txt');
  const rate = (what) => num(t.match(new RegExp(`${what} rate avg: (\\d+) msg/s`))?.[1]);
  const lat = (what) => {
    const m = t.match(new RegExp(`${what} latency min/median/75th/95th/99th (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+) µs`));
    return m ? { min: r2(m[1] / 1000), p50: r2(m[2] / 1000), p75: r2(m[3] / 1000), p95: r2(m[4] / 1000),
      p99: r2(m[5] / 1000) } : null;
  };
  if (!rate('sending')) return null;
  return { sending_per_second: rate('sending'), receiving_per_second: rate('receiving'),
    confirm_latency_ms: lat('confirm'), consumer_latency_ms: lat('consumer'),
    settings: 'one producer, one consumer, persistent messages of 400 bytes, publisher confirms (up to 1,000 unconfirmed), prefetch 1,000, one quorum queue' };
}
const perf = perftest();
const jfr = json('stampede-jfr.json');
const drainJfr = json('drain-jfr.json');
const rss = keyValues('rss.txt');

// --- the kernel's listen queue: TcpExtListenOverflows / TcpExtListenDrops during each phase (nstat, whole machine) -----
const nstatMarks = {};
for (const line of text('nstat.txt').split('\n').filter(Boolean)) {
  const [mark, ...kv] = line.trim().split(/\s+/);
  const o = {};
  for (let i = 0; i + 1 < kv.length; i += 2) o[kv[i]] = Number(kv[i + 1]);
  nstatMarks[mark] = o;
}
const listenQueue = {};
for (const name of Object.keys(phases)) {
  const a = nstatMarks[`${name}-start`], b = nstatMarks[`${name}-end`];
  if (!a || !b || a.TcpExtListenOverflows === undefined) continue;
  listenQueue[name] = { listen_overflows: b.TcpExtListenOverflows - a.TcpExtListenOverflows,
    listen_drops: b.TcpExtListenDrops - a.TcpExtListenDrops };
}
const thisBuildsListenQueue = Object.entries(listenQueue).filter(([n]) => !n.startsWith('baseline-'));
const maxListenOverflows = thisBuildsListenQueue.length
  ? Math.max(...thisBuildsListenQueue.map(([, q]) => q.listen_overflows)) : null;

// --- a sale's invariants: no oversell, nothing lost -----------------------------------------------------------------------
// unanswered: requests the load generator sent but got no answer to (it gave up, or its connection failed): each may
// have been admitted (or paid) without the generator knowing, so the orders (payments) lie between what it was told
// and that plus these; none of the closed-loop phases has any.
function saleChecks(name, accepted, paid, unanswered = 0, paysUnanswered = 0) {
  const inv = keyValues(`${name}-invariants.txt`);
  if (!inv.orders) return null;
  const n = (k) => num(inv[k]);
  const committed = n('db_reserved') + n('db_sold');
  const checks = {
    every_202_is_an_order: n('orders') >= accepted && n('orders') <= accepted + unanswered,
    no_oversell_nothing_lost: committed + n('redis_available') === n('db_stock') && committed <= n('db_stock'),
    units_in_orders_equal_reserved_plus_sold: n('orders_live_units') === committed,
    no_user_above_limit: n('users_over_limit') === 0,
    no_queued_holds_left: n('redis_holds') === 0,
    no_failed_or_expired_orders: n('orders_failed_or_expired') === 0,
    no_dead_letters: (n('dead_letters') ?? 0) === 0,
    ...(paid === undefined ? {} : {
      every_payment_recorded: n('orders_paid') >= paid && n('orders_paid') <= paid + paysUnanswered }),
  };
  return { ...checks, violations: Object.values(checks).filter((ok) => !ok).length,
    sold_out: n('redis_available') === 0, units_left: n('redis_available'), raw: inv };
}

// --- the stampedes at 64 and 256 connections and the browser-like one, for this build and the baseline ------------------
const CMP = (env.cmp_connections || '64 256').split(' ').filter(Boolean);
function comparedStampede(name) {
  const r = wrkRun(name);
  if (!r) return null;
  return { ...r, per_second_series: undefined, invariants: saleChecks(name, r.accepted),
    listen_queue: listenQueue[name] ?? null, cpu: cpu[name] ?? null };
}
function retries(name) {
  const r = json(`${name}.json`);
  if (!r) return null;
  const seconds = (r.last_answer_ms - r.first_answer_ms) / 1000;
  const http5xx = sum(Object.entries(r.by_status).filter(([k]) => Number(k) >= 500).map(([, v]) => v));
  return { ...r, seconds: r3(seconds), per_second: seconds > 0 ? r1(r.answered / seconds) : null,
    accepted_per_second: r.accepted > 1 ? r1(r.accepted / ((r.last_accept_ms - r.first_accept_ms) / 1000)) : null,
    time_to_sell_out_s: r.accepted ? r3((r.last_accept_ms - r.first_answer_ms) / 1000) : null,
    http_5xx: http5xx, http_5xx_not_deliberate: http5xx - (r.retry_after_503 ?? 0),
    timeouts: r.by_status.timeout ?? 0, errors: r.by_status.error ?? 0,
    invariants: saleChecks(name, r.accepted), listen_queue: listenQueue[name] ?? null, cpu: cpu[name] ?? null };
}
const compared = { connections: CMP, baseline_commit: env.baseline || null, current: {}, baseline: {} };
for (const c of CMP) {
  compared.current[`stampede_${c}`] = comparedStampede(`stampede-${c}`);
  compared.baseline[`stampede_${c}`] = comparedStampede(`baseline-stampede-${c}`);
}
compared.current.retries = retries('retries');
compared.baseline.retries = retries('baseline-retries');
const speedup = (after, before) => (after && before ? r2(after / before) : null); // more is better
const faster = (after, before) => (after && before ? r2(before / after) : null); // less is better: baseline / this
const vsBaseline = {};
for (const k of [...CMP.map((c) => `stampede_${c}`), 'retries']) {
  const a = compared.current[k], b = compared.baseline[k];
  if (!a || !b) continue;
  const la = a.latency_ms, lb = b.latency_ms;
  vsBaseline[k] = { answers_per_second: speedup(a.per_second, b.per_second),
    accepted_per_second: speedup(a.accepted_per_second, b.accepted_per_second),
    p50_faster: faster(la.p50, lb.p50), p99_faster: faster(la.p99, lb.p99), p999_faster: faster(la.p999, lb.p999) };
}

// --- overload -------------------------------------------------------------------------------------------------------
// the generator's own outcomes are not HTTP statuses: 0 (no answer by the end), -1 (error), -2 (timeout), or words
const unansweredOf = (byStatus) => sum(Object.entries(byStatus ?? {})
  .filter(([status]) => !(Number(status) >= 100)).map(([, count]) => count));
const overloadRaw = json('overload.json');
let overload = null;
if (overloadRaw) {
  const o = overloadRaw;
  const pay = o.payers, health = o.health;
  const timeouts = { snapups: o.timeouts, status_reads: pay?.status_reads.timeouts ?? 0,
    confirm: pay?.confirm.timeouts ?? 0, pay: pay?.pay.timeouts ?? 0,
    readiness: health?.readiness.timeouts ?? 0, liveness: health?.liveness.timeouts ?? 0 };
  const kind5xx = (k) => sum(Object.entries(k?.by_status ?? {}).filter(([s]) => Number(s.split(' ')[0]) >= 500)
    .map(([, v]) => v));
  overload = { ...o, per_second: undefined, per_second_series: o.per_second,
    sustainable_rate: num(env.overload_sustainable_rate), factor: num(env.overload_factor),
    timeouts_total: sum(Object.values(timeouts)), timeouts,
    // 5xx other than the deliberate 503 + Retry-After: the snap-ups' own count, and any 5xx of the payers' requests
    // (their 503s included: confirm and pay are not to be shed); readiness may be 503 only while a server is away
    http_5xx_not_deliberate: o.http_5xx_not_deliberate + kind5xx(pay?.status_reads) + kind5xx(pay?.confirm)
      + kind5xx(pay?.pay) + kind5xx(health?.liveness),
    readiness_not_up: sum(Object.entries(health?.readiness.by_status ?? {}).filter(([s]) => s !== '200').map(([, v]) => v)),
    unanswered: unansweredOf(o.by_status),
    // a payer still under way when the generator stopped may have paid without reading the answer: it bounds too
    invariants: saleChecks('overload', o.by_status['202'] ?? 0, pay?.paid, unansweredOf(o.by_status),
      unansweredOf(pay?.pay.by_status) + (pay?.unfinished ?? 0)),
    listen_queue: listenQueue.overload ?? null };
}

// --- the stampede's sessions: every winner holding one is told ----------------------------------------------------------
const sessionsRaw = json('stampede-sessions.json');
let stampedeSessions = null;
if (sessionsRaw && stampede) {
  const sale = num(text('stampede-sale.txt').trim());
  const told = new Map(sessionsRaw.events.filter(([, type, pv]) => type === 'OrderChecked' && pv === sale)
    .map(([id, , , t]) => [id, t]));
  const winnerRows = text('stampede-session-winners.tsv').split('\n').filter(Boolean).map((l) => l.split('\t'));
  const winners = winnerRows.map(([id]) => id);
  const toldTimes = winners.map((id) => told.get(id)).filter((t) => t !== undefined);
  // sockets closed after they subscribed other than by the benchmark's own stop (the service, the network, or the STOMP
  // client's heart-beat check); absent from runs before the client counted them
  const closedUsers = new Set((sessionsRaw.closed_after_subscribed ?? []).map(([i]) => sessionsRaw.users[i]));
  const closed = sessionsRaw.sockets_closed_after_subscribed;
  const lastTold = toldTimes.length ? Math.max(...toldTimes) : null;
  const notified = lastTold ? r3((lastTold - stampede.first_answer_ms) / 1000) : null;
  const parts = [stampede.time_to_sell_out_s, stampede.time_until_all_orders_in_mysql_s, notified];
  stampedeSessions = { sessions_requested: sessionsRaw.sessions_requested,
    sessions_subscribed: sessionsRaw.sessions_subscribed, stomp_errors: sessionsRaw.stomp_errors,
    connect_seconds: sessionsRaw.connect_seconds, winners_with_a_session: winners.length,
    winners_told: toldTimes.length, winners_not_told: winners.length - toldTimes.length,
    sockets_closed_after_subscribed: closed ?? null,
    winners_not_told_whose_socket_closed: closed === undefined ? null
      : winnerRows.filter(([id, user]) => !told.has(id) && closedUsers.has(user)).length,
    first_answer_to_last_winner_told_s: notified,
    sold_out_persisted_and_told_s: parts.every((x) => x !== null && x !== undefined) ? Math.max(...parts) : null };
}

// --- ratios and targets -----------------------------------------------------------------------------------------------
const ratio = (a, b) => (a && b ? r2(a / b) : null);
const ratios = {
  http_jwt_ceiling_endpoint: ceilingMode ?? null,
  snapup_attempts_vs_http_jwt_ceiling: ratio(stampede?.per_second, ceiling?.per_second),
  snapup_accepted_vs_http_jwt_ceiling: ratio(stampede?.accepted_per_second, ceiling?.per_second),
  lua_vs_lock_reservations: lockVsLua?.ratio_lua_over_lock_best ?? null,
  lua_vs_lock_reservations_by_retry: Object.fromEntries((lockVsLua?.lock ?? [])
    .map((l) => [`retry_${l.retry_micros}us`, ratio(lockVsLua.lua.per_second, l.per_second)])),
  orders_persisted_vs_perftest: ratio(stampede?.orders_persisted_per_second, perf?.receiving_per_second),
  order_worker_drain_vs_perftest: ratio(drain?.orders_persisted_per_second, perf?.receiving_per_second),
  snapup_accepted_vs_redis_benchmark_lua: ratio(stampede?.accepted_per_second, redisBench?.per_second),
  // this build against the baseline commit, measured minutes apart in this run: answers and accepts a second (this /
  // baseline) and latencies (baseline / this), so that more than 1 is better everywhere
  vs_baseline: vsBaseline,
};
const cur = compared.current;
const sizes = `${fmt(num(env.cmp_attempts))} attempts by ${fmt(num(env.cmp_users))} users for ${fmt(num(env.cmp_stock))} units`;
const targets = [
  { key: 'snapup_attempts_vs_http_jwt_ceiling', what: 'snap-up throughput ≥ 0.6 × the HTTP + JWT ceiling (a)',
    value: ratios.snapup_attempts_vs_http_jwt_ceiling, target: 0.6, ok: (v) => v >= 0.6 },
  { key: 'lua_vs_lock_reservations', what: 'Lua reservation ≥ 5 × the lock-based one (c), against the lock\'s best retry policy',
    value: ratios.lua_vs_lock_reservations, target: 5, ok: (v) => v >= 5 },
  { key: 'orders_persisted_vs_perftest', what: 'checkouts written a second in the stampede ≥ 0.4 × PerfTest\'s rate (d)',
    value: ratios.orders_persisted_vs_perftest, target: 0.4, ok: (v) => v >= 0.4 },
  { key: 'order_worker_drain_vs_perftest', what: 'the same for the order worker draining a backlog (drain)',
    value: ratios.order_worker_drain_vs_perftest, target: 0.4, ok: (v) => v >= 0.4 },
  { key: 'last_accept_to_all_orders_in_mysql_s', what: 'last accept → all orders in MySQL ≤ 5 s',
    value: stampede?.last_accept_to_all_orders_in_mysql_s, target: 5, ok: (v) => v <= 5 },
  { key: 'openloop_p99_ms', what: 'p99 at 50 % of the maximum load (open loop) ≤ 25 ms',
    value: openloop?.latency_ms?.p99, target: 25, ok: (v) => v <= 25 },
  ...CMP.map((c) => ({ key: `stampede_${c}_answers_vs_baseline`, op: '≥',
    what: `stampede answers/s at ${c} connections ≥ 2 × the baseline commit's (${env.baseline || 'no --baseline given'}), same run (${sizes}, strict rotation)`,
    value: vsBaseline[`stampede_${c}`]?.answers_per_second ?? null, target: 2, ok: (v) => v >= 2,
    // the measured figures behind the ratio, and the latencies' ratios (baseline / this: more than 1 is faster)
    detail: compared.baseline[`stampede_${c}`] && cur[`stampede_${c}`] ? {
      baseline: { answers_per_second: compared.baseline[`stampede_${c}`].per_second,
        p50_ms: compared.baseline[`stampede_${c}`].latency_ms.p50, p99_ms: compared.baseline[`stampede_${c}`].latency_ms.p99 },
      this_build: { answers_per_second: cur[`stampede_${c}`].per_second, p50_ms: cur[`stampede_${c}`].latency_ms.p50,
        p99_ms: cur[`stampede_${c}`].latency_ms.p99 },
      p50_faster: vsBaseline[`stampede_${c}`].p50_faster, p99_faster: vsBaseline[`stampede_${c}`].p99_faster } : null })),
  ...CMP.map((c) => ({ key: `stampede_${c}_p99_ms`, op: '≤',
    what: `closed-loop p99 at ${c} connections ≤ ${Number(c) <= 64 ? 50 : 200} ms (stampede, ${sizes})`,
    value: cur[`stampede_${c}`]?.latency_ms?.p99 ?? null, target: Number(c) <= 64 ? 50 : 200,
    ok: (v) => v <= (Number(c) <= 64 ? 50 : 200) })),
  { key: 'overload_refusal_p99_ms', op: '≤', what: `overload (${env.overload_factor} ×): refusals (429/503) p99 ≤ 50 ms`,
    value: overload ? (overload.refusal_latency_ms.n ? overload.refusal_latency_ms.p99 : null) : null, target: 50,
    ok: (v) => v <= 50, note: overload && !overload.refusal_latency_ms.n ? 'no 429/503 answer: nothing was refused' : undefined },
  { key: 'overload_confirm_p99_ms', op: '≤', what: 'overload: confirm p99 ≤ 100 ms',
    value: overload?.payers?.confirm.latency_ms.n ? overload.payers.confirm.latency_ms.p99 : null, target: 100,
    ok: (v) => v <= 100 },
  { key: 'overload_pay_p99_ms', op: '≤', what: 'overload: pay p99 ≤ 100 ms',
    value: overload?.payers?.pay.latency_ms.n ? overload.payers.pay.latency_ms.p99 : null, target: 100,
    ok: (v) => v <= 100 },
  { key: 'overload_health_p99_ms', op: '≤', what: 'overload: health (readiness and liveness, the worse) p99 ≤ 100 ms',
    value: overload?.health ? Math.max(overload.health.readiness.latency_ms.p99, overload.health.liveness.latency_ms.p99)
      : null, target: 100, ok: (v) => v <= 100 },
  { key: 'overload_timeouts', op: '=', what: 'overload: no timeouts (snap-ups, status reads, confirm, pay, health)',
    value: overload?.timeouts_total ?? null, target: 0, ok: (v) => v === 0 },
  { key: 'overload_5xx_not_deliberate', op: '=', what: 'overload: no 5xx other than the deliberate 503 + Retry-After',
    value: overload?.http_5xx_not_deliberate ?? null, target: 0, ok: (v) => v === 0 },
  { key: 'overload_invariant_violations', op: '=', what: 'overload: no oversell, nothing lost (the stampede\'s invariants)',
    value: overload?.invariants?.violations ?? null, target: 0, ok: (v) => v === 0 },
  { key: 'stampede_sold_out_persisted_notified_s', op: '<',
    what: `${fmt(num(env.attempts))} attempts / ${fmt(STOCK)} units with ${fmt(num(env.sessions))} STOMP sessions: sold out, persisted and every winner with a session told in < 30 s`,
    value: stampedeSessions?.sold_out_persisted_and_told_s ?? null, target: 30,
    ok: (v) => v < 30 && stampedeSessions.winners_not_told === 0 && stampede?.invariants?.redis_available_zero },
  { key: 'listen_overflows_max_per_phase', op: '=', what: 'kernel listen-queue overflows (nstat TcpExtListenOverflows) in every phase of this build: 0',
    value: maxListenOverflows, target: 0, ok: (v) => v === 0 },
  { key: 'invariant_violations', what: 'zero invariant violations (the stampede, the stampedes at 64 and 256, the retries, overload)',
    value: [stampede?.invariants, ...CMP.map((c) => cur[`stampede_${c}`]?.invariants), cur.retries?.invariants,
      overload?.invariants].filter(Boolean).reduce((n, i) => n + i.violations, 0), target: 0, ok: (v) => v === 0 },
  { key: 'http_5xx', what: 'zero 5xx other than deliberate 503s (every stampede, open loop, notify)',
    value: (stampede?.http_5xx_not_deliberate ?? 0) + (openloop?.http_5xx ?? 0)
      + sum(CMP.map((c) => cur[`stampede_${c}`]?.http_5xx_not_deliberate ?? 0)) + (cur.retries?.http_5xx_not_deliberate ?? 0)
      + sum(Object.entries(notify?.snapup_status ?? {}).filter(([k]) => Number(k) >= 500).map(([, v]) => v)),
    target: 0, ok: (v) => v === 0 },
].map((t) => ({ ...t, op: t.op ?? (t.key.endsWith('_s') || t.key.endsWith('_ms') ? '≤'
  : t.key.includes('violations') || t.key.includes('5xx') ? '=' : '≥'),
met: t.value === null || t.value === undefined ? null : t.ok(t.value), ok: undefined }));

const results = {
  run: { stamp: dir.split('/').filter(Boolean).pop(), mode: env.mode, commit: env.commit },
  machine: { nproc, memory_gib: r1(num(env.memory_kib) / 1048576), cpu_model: env.cpu_model, kernel: env.kernel,
    os: env.os, load_before_run: env.load_before_run, load_after_run: env.load_after_run },
  versions: { jdk: env.jdk, redis: env.redis, rabbitmq: env.rabbitmq, mariadb: env.mariadb, wrk: env.wrk,
    node: env.node, perftest: env.perftest },
  setup: {
    jar: env.jar, jvm_options: env.app_opts, heap: env.heap, profile: 'none (production settings, no demo profile)',
    database: env.database, redis_database: num(env.redis_database), rabbitmq_vhost: env.vhost, port: num(env.port),
    orders_table: env.orders_table, baseline_commit: env.baseline || null, baseline_database: env.baseline_database || null,
    baseline_orders_table: env.baseline_orders_table || null, run_seconds: num(env.run_seconds),
    rate_limit_per_user: 10, rate_limit_per_ip: 0,
    rate_limit_note: 'per user 10/s (each buyer tries at most 4 times, seconds apart, so never throttled); per address off: all load comes from 127.0.0.1',
    load_generator: `wrk, ${env.wrk_threads} threads, ${env.wrk_connections} connections, one bearer token per request, rotating over the users`,
    tokens: json('mint.json'),
  },
  warmup,
  ceiling_http_jwt: ceiling ? { chosen: ceilingMode, per_second: ceiling.per_second, endpoint: ceiling.endpoint,
    candidates: ceilings } : null,
  stampede: stampede ? { ...stampede, per_second_series: undefined } : null,
  compared,
  stampede_sessions: stampedeSessions,
  drain,
  openloop: openloop ? { ...openloop } : null,
  overload,
  listen_queue_by_phase: listenQueue,
  notify,
  redis_benchmark_lua: redisBench,
  lock_vs_lua: lockVsLua,
  perftest: perf,
  cpu_cores_by_phase: cpu,
  service_rss_mib: { started: num(rss.started), after_stampede: num(rss['after-stampede']),
    after_notify: num(rss['after-notify']) },
  stampede_jfr: jfr,
  drain_jfr: drainJfr,
  ratios,
  targets,
};
writeFileSync(file('results.json'), JSON.stringify(results, null, 2) + '\n');

// --- chart.svg ----------------------------------------------------------------------------------------------------------
const W = 1000, PH = 210, ML = 70, MR = 200, MT = 34, MB = 34;
const COLORS = ['#1f77b4', '#2ca02c', '#d62728', '#ff7f0e', '#9467bd', '#8c564b', '#7f7f7f'];
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v);
}
function panel(y0, title, xLabel, yLabel, series, { xMax, yMax, bands = [] } = {}) {
  const all = series.flatMap((s) => s.points);
  const xm = niceMax(xMax ?? Math.max(1, ...all.map((p) => p[0])));
  const ym = yMax ?? niceMax(Math.max(1, ...all.map((p) => p[1])));
  const pw = W - ML - MR, ph = PH - MT - MB;
  const X = (x) => ML + (x / xm) * pw, Y = (y) => y0 + MT + ph - (y / ym) * ph;
  let g = `<text x="${ML}" y="${y0 + 20}" font-weight="bold">${esc(title)}</text>`;
  for (const b of bands) {
    g += `<rect x="${X(b.from)}" y="${y0 + MT}" width="${Math.max(1, X(b.to) - X(b.from))}" height="${ph}" fill="${b.color}" opacity="0.12"/>`;
    g += `<text x="${X(b.from) + 2}" y="${y0 + MT + 11}" font-size="10" fill="#555">${esc(b.label)}</text>`;
  }
  for (let i = 0; i <= 4; i++) {
    const yv = (ym * i) / 4;
    g += `<line x1="${ML}" x2="${ML + pw}" y1="${Y(yv)}" y2="${Y(yv)}" stroke="#ddd"/>`;
    g += `<text x="${ML - 6}" y="${Y(yv) + 4}" text-anchor="end" font-size="11">${fmt(yv, yv < 10 && yv % 1 ? 1 : 0)}</text>`;
    const xv = (xm * i) / 4;
    g += `<text x="${X(xv)}" y="${y0 + MT + ph + 16}" text-anchor="middle" font-size="11">${fmt(xv, xv % 1 ? 1 : 0)}</text>`;
  }
  g += `<rect x="${ML}" y="${y0 + MT}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`;
  g += `<text x="${ML + pw / 2}" y="${y0 + PH - 2}" text-anchor="middle" font-size="11">${esc(xLabel)}</text>`;
  g += `<text transform="translate(14 ${y0 + MT + ph / 2}) rotate(-90)" text-anchor="middle" font-size="11">${esc(yLabel)}</text>`;
  series.forEach((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length];
    if (s.points.length) {
      const d = s.points.map((p, k) => `${k ? 'L' : 'M'}${X(Math.min(p[0], xm)).toFixed(1)},${Y(Math.max(0, Math.min(p[1], ym))).toFixed(1)}`).join('');
      g += `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6"${s.dash ? ' stroke-dasharray="4 3"' : ''}/>`;
    }
    g += `<line x1="${ML + pw + 12}" x2="${ML + pw + 30}" y1="${y0 + MT + 8 + i * 16}" y2="${y0 + MT + 8 + i * 16}" stroke="${color}" stroke-width="2"${s.dash ? ' stroke-dasharray="4 3"' : ''}/>`;
    g += `<text x="${ML + pw + 34}" y="${y0 + MT + 12 + i * 16}" font-size="11">${esc(s.name)}</text>`;
  });
  return g;
}
const panels = [];
if (stampedeRaw) {
  const t0 = stampedeRaw.first_answer_ms;
  const series = stampedeRaw.per_second_series.filter((p) => p.t >= t0 - 1000);
  const secOf = (p) => (p.t - Math.floor(t0 / 1000) * 1000) / 1000 + 0.5;
  const total = series.map((p) => [secOf(p), sum(Object.entries(p).filter(([k]) => k !== 't').map(([, v]) => v))]);
  const ok = series.map((p) => [secOf(p), p['202'] ?? 0]);
  const persisted = [];
  for (let i = 4; i < dbSeries.length; i += 4) {
    const [t1, n1] = dbSeries[i], [ta, na] = dbSeries[i - 4];
    persisted.push([(t1 - t0) / 1000, (n1 - na) / ((t1 - ta) / 1000)]);
  }
  const xMax = Math.max(...total.map((p) => p[0]), ...persisted.map((p) => p[0]));
  panels.push((y) => panel(y, `Stampede: ${fmt(stampede.attempts)} attempts by ${fmt(env.users)} users for ${fmt(STOCK)} units`,
    'seconds since the first answer', 'per second', [
      { name: 'answers', points: total }, { name: 'accepted (202)', points: ok },
      { name: 'orders into MySQL', points: persisted, dash: true }], { xMax }));
  const lat = [];
  let prev = null;
  for (const s of samples.filter((x) => x.t >= t0 - 1000 && x.t <= (phases.stampede?.end ?? Infinity))) {
    const m = s.metrics ?? {};
    const c = sum(Object.entries(m).filter(([k]) => k.startsWith('http_server_requests_seconds_count')).map(([, v]) => v));
    const sm = sum(Object.entries(m).filter(([k]) => k.startsWith('http_server_requests_seconds_sum')).map(([, v]) => v));
    if (prev && c > prev.c) lat.push([(s.t - t0) / 1000, ((sm - prev.sm) / (c - prev.c)) * 1000]);
    prev = { c, sm };
  }
  panels.push((y) => panel(y, 'Stampede latency: the service\'s own mean time per snap-up, each half second (Prometheus)',
    'seconds since the first answer', 'ms', [{ name: 'mean (server)', points: lat },
      { name: `wrk p99 overall ${fmt(stampede.latency_ms.p99, 1)} ms`, points: [[0, stampede.latency_ms.p99], [xMax, stampede.latency_ms.p99]], dash: true }], { xMax }));
}
if (openloop) {
  const ps = openloop.per_second;
  panels.push((y) => panel(y, `Open loop at ${fmt(openloop.rate_target)} snap-ups/s (half the stampede's accepted rate): latency from the intended send time`,
    'second of the run', 'ms', [
      { name: 'p50', points: ps.map((p) => [p.second + 0.5, p.p50_ms]) },
      { name: 'p99', points: ps.map((p) => [p.second + 0.5, p.p99_ms]) },
      { name: 'max', points: ps.map((p) => [p.second + 0.5, p.max_ms]), dash: true },
      { name: '25 ms target', points: [[0, 25], [ps.length, 25]], color: '#999', dash: true }], { xMax: ps.length }));
  panels.push((y) => panel(y, 'Open loop: requests sent and answered each second', 'second of the run', 'per second', [
    { name: 'sent', points: ps.map((p) => [p.second + 0.5, p.sent]) },
    { name: 'answered', points: ps.map((p) => [p.second + 0.5, p.answered]) }], { xMax: ps.length }));
}
if (samples.length > 2) {
  const t0 = samples[0].t;
  const names = Object.keys(samples[0].cpu);
  const series = names.map((n) => ({ name: `${n} (cores)`, points: [] }));
  const other = { name: 'others on the machine', points: [], dash: true };
  for (let i = 2; i < samples.length; i += 2) {
    const a = samples[i - 2], b = samples[i];
    const sec = (b.t - a.t) / 1000;
    let known = 0;
    names.forEach((n, k) => {
      if (a.cpu[n] === null || b.cpu[n] === null) return;
      const c = (b.cpu[n] - a.cpu[n]) / CLK_TCK / sec;
      known += c;
      series[k].points.push([(b.t - t0) / 1000, c]);
    });
    const busy = (b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total) * nproc;
    other.points.push([(b.t - t0) / 1000, Math.max(0, busy - known)]);
  }
  const bandColors = { warmup: '#999', ceiling: '#1f77b4', stampede: '#d62728', openloop: '#2ca02c', notify: '#9467bd', drain: '#ff7f0e',
    'stampede-64': '#e377c2', 'stampede-256': '#bcbd22', retries: '#17becf', overload: '#8c564b' };
  const bands = Object.entries(phases).filter(([n, p]) => bandColors[n] && p.start && p.end)
    .map(([n, p]) => ({ from: (p.start - t0) / 1000, to: (p.end - t0) / 1000, label: n, color: bandColors[n] }));
  panels.push((y) => panel(y, `CPU by process while the service ran (${nproc} cores)`, 'seconds since the service started', 'cores',
    [...series, other], { bands, yMax: nproc }));
}
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${PH * panels.length + 10}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
${panels.map((p, i) => p(i * PH + 5)).join('\n')}
</svg>
`;
writeFileSync(file('chart.svg'), svg);

// --- report.md ------------------------------------------------------------------------------------------------------
const yes = (b) => (b === null || b === undefined ? 'n/a' : b ? 'yes' : '**NO**');
const L = [];
const p = (s = '') => L.push(s);
p(`# flashsale benchmark — ${results.run.stamp} (${env.mode} run)`);
p();
p(`Commit ${env.commit}; ${env.jar}; ${nproc} cores, ${results.machine.memory_gib} GiB, ${env.kernel}. Load average before the run: ${env.load_before_run}, after: ${env.load_after_run}.`);
p('Every figure below comes from this one run on this one machine: the service, MariaDB, Redis, RabbitMQ and the load generators share its cores.');
p();
p('## Headline');
p();
p('| target | measured | target | met |');
p('|---|---|---|---|');
for (const t of targets) p(`| ${t.what} | ${t.value === null || t.value === undefined ? `n/a${t.note ? ` (${t.note})` : ''}` : fmt(t.value, 2)} | ${t.op} ${t.target} | ${yes(t.met)} |`);
p();
if (stampede) {
  p(`Stampede: **${fmt(stampede.per_second)} answers/s** over ${fmt(stampede.attempts)} attempts, **${fmt(stampede.accepted_per_second)} accepted/s** while stock lasted, sold out in **${fmt(stampede.time_to_sell_out_s, 1)} s**, all ${fmt(STOCK)} orders in MySQL **${fmt(stampede.last_accept_to_all_orders_in_mysql_s, 2)} s** after the last accept; ${stampede.invariants.violations} invariant violations, ${stampede.http_5xx_not_deliberate} 5xx other than deliberate 503s.`);
  p();
}
p('## Set-up');
p();
p(`- The packaged jar (\`${env.jar}\`), no profile, \`java ${env.app_opts} -jar\`; its own database \`${env.database}\`, Redis database ${env.redis_database}, RabbitMQ virtual host \`${env.vhost}\`, port ${env.port}, all reset before the run${env.baseline ? ` (and before the baseline ${env.baseline}, which ran first on its own database \`${env.baseline_database}\`)` : ''}. \`FLASHSALE_STOCK_MAX_VARIANTS_HELD_PER_BUYER=1000\`: the bound is checked on every admission as in production, but never reached, though the same buyers win in many of the run's sales. The run took ${fmt(num(env.run_seconds) / 60, 1)} minutes.`);
p(`- Rate limits: \`FLASHSALE_RATE_LIMIT_PER_USER=10\` (each buyer tries at most four times, seconds apart, so the limiter runs but never throttles), \`FLASHSALE_RATE_LIMIT_PER_IP=0\` (off: every request comes from 127.0.0.1). The stampede is therefore not throttled: ${stampede ? fmt(stampede.by_status['429'] ?? 0) : 'n/a'} answers were 429.`);
p(`- The signing key: a fresh RSA 2048 key from \`openssl genpkey\`, given to the service as \`FLASHSALE_SIGNING_KEY\`; ${fmt(results.setup.tokens?.tokens)} user tokens minted with it by Node's crypto in ${fmt(results.setup.tokens?.seconds, 1)} s (${fmt(results.setup.tokens?.per_second)}/s), the same header and claims as the service's own tokens. The operator logs in once over HTTP and creates every sale through \`POST /api/admin/promotion-variants\`.`);
p(`- Load: ${results.setup.load_generator}. A warm-up of snap-ups and of the ceiling endpoint runs first, and its orders are drained before measuring.`);
p();
if (stampede) {
  p('## Stampede');
  p();
  p(`${fmt(stampede.attempts)} attempts by ${fmt(env.users)} distinct users (each tries four times) for ${fmt(STOCK)} units, limit 1 per buyer.`);
  p();
  p('| figure | value |');
  p('|---|---|');
  p(`| answers per second (all attempts, first to last answer) | ${fmt(stampede.per_second)} |`);
  p(`| accepted (202) per second, first to last accept | ${fmt(stampede.accepted_per_second)} |`);
  p(`| latency p50 / p90 / p99 / max (wrk, closed loop, ${env.wrk_connections} connections) | ${fmt(stampede.latency_ms.p50, 2)} / ${fmt(stampede.latency_ms.p90, 2)} / ${fmt(stampede.latency_ms.p99, 2)} / ${fmt(stampede.latency_ms.max, 2)} ms |`);
  p(`| time to sell out (first answer → last 202) | ${fmt(stampede.time_to_sell_out_s, 2)} s |`);
  p(`| time until all ${fmt(STOCK)} orders are in MySQL (first answer →, polled every 250 ms) | ${fmt(stampede.time_until_all_orders_in_mysql_s, 2)} s |`);
  p(`| last accept → all orders in MySQL (polled) | ${fmt(stampede.last_accept_to_all_orders_in_mysql_s, 2)} s |`);
  p(`| checkouts written per second (MySQL's count: first written → all written) / best second | ${fmt(stampede.orders_persisted_per_second)} / ${fmt(stampede.orders_persisted_peak_1s)} |`);
  p(`| the same from created_at (stored to ${stampede.created_at_resolution}) | ${fmt(stampede.orders_persisted_per_second_from_created_at)} |`);
  p(`| socket errors (connect / read / write / timeout) | ${Object.values(stampede.socket_errors).join(' / ')} |`);
  p();
  p('Answers by code:');
  p();
  p('| HTTP | code | answers |');
  p('|---|---|---|');
  p(`| 202 | QUEUED | ${fmt(stampede.by_status['202'] ?? 0)} |`);
  for (const [k, v] of Object.entries(stampede.by_code).sort((a, b) => b[1] - a[1])) {
    const [status, code] = k.split(' ');
    p(`| ${status} | ${code} | ${fmt(v)} |`);
  }
  p();
  p('Invariants, checked in MySQL and Redis once every order was written:');
  p();
  const i = stampede.invariants, raw = i.raw;
  p('| invariant | observed | holds |');
  p('|---|---|---|');
  p(`| exactly ${fmt(STOCK)} orders (and units) | ${fmt(raw.orders)} orders, ${fmt(raw.orders_units)} units, ${fmt(raw.distinct_buyers)} distinct buyers | ${yes(i.exactly_stock_orders)} |`);
  p(`| no user above the limit of 1 | ${fmt(raw.users_over_limit)} users above | ${yes(i.no_user_above_limit)} |`);
  p(`| DB reserved + sold == stock | ${raw.db_reserved} + ${raw.db_sold} vs ${raw.db_stock} | ${yes(i.db_reserved_plus_sold_equals_stock)} |`);
  p(`| Redis available == 0 (\`HGET {pv:${text('stampede-sale.txt').trim()}}:sale available\`) | ${raw.redis_available} | ${yes(i.redis_available_zero)} |`);
  p(`| no hold left queued in Redis | ${raw.redis_holds} | ${yes(i.no_queued_holds_left)} |`);
  p(`| every 202 became an order, and nothing else did | ${fmt(stampede.accepted)} accepted, ${fmt(raw.orders)} orders | ${yes(i.every_202_is_an_order)} |`);
  p(`| no FAILED / EXPIRED orders, no dead letters | ${raw.orders_not_checkout} / ${raw.dead_letters || 0} | ${yes(i.no_failed_or_expired_orders && i.no_dead_letters)} |`);
  p(`| zero 5xx other than deliberate 503 + Retry-After | ${stampede.http_5xx} 5xx, ${stampede.refusals[503]} 503 of which ${stampede.refusals.with_retry_after} refusals with Retry-After (429 included) | ${yes(i.zero_5xx)} |`);
  p();
}
if (stampedeSessions) {
  const ss = stampedeSessions;
  p(`With the stampede, ${fmt(ss.sessions_subscribed)} of ${fmt(ss.sessions_requested)} STOMP sessions were attached (opened in ${fmt(ss.connect_seconds, 1)} s before it, subscribed to \`/user/queue/checkouts\`, buyers among its users): ${fmt(ss.winners_with_a_session)} of them won, **${fmt(ss.winners_told)} were told** (OrderChecked), ${fmt(ss.winners_not_told)} not${ss.sockets_closed_after_subscribed === null ? '' : ` (${fmt(ss.sockets_closed_after_subscribed)} sockets were closed after subscribing, not by the benchmark's stop: by the service, the network or the STOMP client's heart-beat check; ${fmt(ss.winners_not_told_whose_socket_closed)} of the winners not told had one of them)`}. From the first answer: sold out after ${fmt(stampede.time_to_sell_out_s, 2)} s, every order in MySQL after ${fmt(stampede.time_until_all_orders_in_mysql_s, 2)} s, the last winner with a session told after **${fmt(ss.first_answer_to_last_winner_told_s, 2)} s**.`);
  p();
}
const hasBaseline = Object.keys(vsBaseline).length > 0;
const phaseLabel = (k) => (k === 'retries' ? 'browser-like retries' : `stampede at ${k.split('_')[1]} connections`);
const latencyCell = (l) => (l ? `${fmt(l.p50, 1)} / ${fmt(l.p99, 1)} / ${fmt(l.p999, 1)} ms` : 'n/a');
if ([...Object.values(compared.current), ...Object.values(compared.baseline)].some(Boolean)) {
  p(`## Stampedes at ${CMP.join(' and ')} connections, and browser-like retries${hasBaseline ? `, against the baseline ${env.baseline}` : ''}`);
  p();
  p(`Each on a sale of its own: ${sizes}, limit 1. Strict rotation (wrk): each request carries the next user's token, so a buyer comes back only after every other one. Browser-like retries (\`java/Buyers.java\`, ${env.wrk_connections} connections): ${fmt(num(env.cmp_users))} buyers press at once, then each presses again with the same token ${String(env.retry_gap_ms).replace(',', '–')} ms later (or after \`Retry-After\`, when longer) with a fresh \`Idempotency-Key\` (the same after a 503), up to ${env.retry_presses} presses, until a 202 or \`LIMIT_EXCEEDED\`.${hasBaseline ? ` The baseline (${env.baseline}, its own jar on its own database \`${env.baseline_database}\`, the same Redis database and virtual host emptied between) ran the same phases first, minutes before this build.` : ''}`);
  p();
  p(`| phase | build | answers/s | accepted/s | latency p50 / p99 / p99.9 | max | sold out after | answers | invariants | listen overflows |`);
  p('|---|---|---|---|---|---|---|---|---|---|');
  for (const k of [...CMP.map((c) => `stampede_${c}`), 'retries']) {
    for (const [build, r] of [['baseline', compared.baseline[k]], ['this', compared.current[k]]]) {
      if (!r) continue;
      const codes = Object.entries({ 202: r.by_status?.['202'] ?? r.accepted, ...r.by_code }).filter(([, v]) => v)
        .map(([c, v]) => `${c}: ${fmt(v)}`).join(', ');
      p(`| ${phaseLabel(k)} | ${build === 'this' ? `this (${env.commit})` : `baseline (${env.baseline})`} | ${fmt(r.per_second)} | ${fmt(r.accepted_per_second)} | ${latencyCell(r.latency_ms)} | ${fmt(r.latency_ms?.max, 1)} ms | ${fmt(r.time_to_sell_out_s ?? (r.last_accept_ms ? (r.last_accept_ms - r.first_answer_ms) / 1000 : null), 1)} s | ${codes} | ${r.invariants ? (r.invariants.violations === 0 ? 'all hold' : `**${r.invariants.violations} violated**`) + (r.invariants.sold_out ? '' : `; ${fmt(r.invariants.units_left)} units left`) : 'n/a'} | ${r.listen_queue ? fmt(r.listen_queue.listen_overflows) : 'n/a'} |`);
    }
  }
  p();
  if (hasBaseline) {
    p('This build against the baseline (more than 1 is better: answers and accepts a second this / baseline, latencies baseline / this):');
    p();
    p('| phase | answers/s | accepted/s | p50 | p99 | p99.9 |');
    p('|---|---|---|---|---|---|');
    for (const [k, v] of Object.entries(vsBaseline)) p(`| ${phaseLabel(k)} | ${fmt(v.answers_per_second, 2)} × | ${fmt(v.accepted_per_second, 2)} × | ${fmt(v.p50_faster, 2)} × | ${fmt(v.p99_faster, 2)} × | ${fmt(v.p999_faster, 2)} × |`);
    p();
  }
  const rt = compared.current.retries;
  if (rt) {
    p(`Retries (this build): ${fmt(rt.buyers)} buyers, presses per buyer ${Object.entries(rt.presses_per_buyer).map(([k, v]) => `${k}: ${fmt(v)}`).join(', ')}; latency from the press (a free connection awaited included) p50 ${fmt(rt.latency_from_press_ms.p50, 1)} ms, p99 ${fmt(rt.latency_from_press_ms.p99, 1)} ms; ${fmt(rt.waited_for_retry_after)} waits stretched by \`Retry-After\`, ${fmt(rt.idempotency_keys_reused)} keys reused after a 503 or no answer; ${rt.timeouts} timeouts, ${rt.errors} errors, ${rt.http_5xx_not_deliberate} 5xx other than deliberate 503s.`);
    p();
  }
}
if (overload) {
  const o = overload, pay = o.payers, h = o.health;
  const lat = (l) => (l && l.n ? `${fmt(l.p50, 1)} / ${fmt(l.p99, 1)} / ${fmt(l.max, 1)} ms` : 'n/a');
  const statuses = (b) => Object.entries(b ?? {})
    .map(([k, v]) => `${{ '-1': 'error', '-2': 'timeout' }[k] ?? k}: ${fmt(v)}`).join(', ');
  p(`## Overload: ${fmt(o.factor)} × the sustainable rate`);
  p();
  p(`Open loop: ${fmt(o.requests)} snap-ups at ${fmt(o.rate_target)}/s (${fmt(o.factor)} × the ${fmt(o.sustainable_rate)} answers/s of the stampede at 256 connections) for ${o.seconds_target} s, on a sale of ${fmt(num(env.overload_stock))} units (stock for twice what that stampede admitted in as long), over at most ${fmt(o.max_connections)} connections (a request waits for a free one, from its intended time); achieved ${fmt(o.achieved_rate)}/s, ${fmt(o.sends_late_over_1ms)} sends more than 1 ms late (the load generator's own limit), ${fmt(o.connections_opened)} connections opened. One buyer in ${pay?.every_nth_token ?? 'n/a'}, once admitted, reads the checkout until written, confirms and pays, on connections of its own. Readiness and liveness are asked every ${h?.every_ms ?? 'n/a'} ms, each on a fresh connection as a Kubernetes probe does. Timeouts: ${fmt(o.timeout_ms)} ms (${fmt(h?.timeout_ms)} ms for health).`);
  p();
  p('| requests | n | p50 / p99 / max | timeouts | answers |');
  p('|---|---|---|---|---|');
  p(`| snap-ups, all (from the intended send time) | ${fmt(o.requests)} | ${fmt(o.latency_ms.p50, 1)} / ${fmt(o.latency_ms.p99, 1)} / ${fmt(o.latency_ms.max, 1)} ms | ${fmt(o.timeouts.snapups)} | ${statuses(o.by_status)} |`);
  p(`| refusals (429 / 503) | ${fmt(o.refusal_latency_ms.n)} | ${lat(o.refusal_latency_ms)} | | ${fmt(o.refusals_without_retry_after)} without Retry-After |`);
  p(`| admissions (202) | ${fmt(o.accepted_latency_ms.n)} | ${lat(o.accepted_latency_ms)} | | |`);
  p(`| other answers (409 …) | ${fmt(o.other_answer_latency_ms.n)} | ${lat(o.other_answer_latency_ms)} | | ${statuses(o.by_code)} |`);
  if (pay) {
    p(`| status reads (payers, until written) | ${fmt(pay.status_reads.latency_ms.n)} | ${lat(pay.status_reads.latency_ms)} | ${fmt(pay.status_reads.timeouts)} | ${statuses(pay.status_reads.by_status)} |`);
    p(`| confirm | ${fmt(pay.confirm.latency_ms.n)} | ${lat(pay.confirm.latency_ms)} | ${fmt(pay.confirm.timeouts)} | ${statuses(pay.confirm.by_status)} |`);
    p(`| pay | ${fmt(pay.pay.latency_ms.n)} | ${lat(pay.pay.latency_ms)} | ${fmt(pay.pay.timeouts)} | ${statuses(pay.pay.by_status)} |`);
  }
  if (h) {
    p(`| \`/actuator/health/readiness\` | ${fmt(h.readiness.latency_ms.n)} | ${lat(h.readiness.latency_ms)} | ${fmt(h.readiness.timeouts)} | ${statuses(h.readiness.by_status)} |`);
    p(`| \`/actuator/health/liveness\` | ${fmt(h.liveness.latency_ms.n)} | ${lat(h.liveness.latency_ms)} | ${fmt(h.liveness.timeouts)} | ${statuses(h.liveness.by_status)} |`);
  }
  p();
  const i = o.invariants;
  p(`Payers: ${fmt(pay?.started)} started, ${fmt(pay?.paid)} paid, ${fmt(pay?.gave_up)} gave up, ${fmt(pay?.unfinished)} unfinished. Timeouts in all: ${fmt(o.timeouts_total)}; 5xx other than deliberate 503s: ${fmt(o.http_5xx_not_deliberate)}; readiness not UP: ${fmt(o.readiness_not_up)}. Invariants: ${i ? (i.violations === 0 ? 'all hold' : `**${i.violations} violated** (${Object.entries(i).filter(([k, v]) => v === false && k !== 'sold_out').map(([k]) => k).join(', ')})`) : 'n/a'} (${i ? `${fmt(num(i.raw.orders))} orders for ${fmt(o.by_status['202'] ?? 0)} admissions answered and ${fmt(o.unanswered)} snap-ups unanswered, ${fmt(num(i.raw.orders_paid))} paid, reserved + sold + available ${num(i.raw.db_reserved)} + ${num(i.raw.db_sold)} + ${i.raw.redis_available} of ${num(i.raw.db_stock)}` : ''}); listen overflows ${o.listen_queue ? fmt(o.listen_queue.listen_overflows) : 'n/a'}.`);
  p();
}
if (drain) {
  p('## The order worker with a backlog (drain)');
  p();
  p(`In the stampede the order worker can go no faster than admission and shares the cores with the request handling. To time the worker itself, ${fmt(drain.orders)} buyers pressed once and ${fmt(drain.admitted)} were admitted (${fmt(drain.admitted_per_second)}/s) while the sale's row was locked in MySQL, so their orders waited in RabbitMQ; then the lock was released. ${fmt(drain.queued_at_release)} checkouts were queued at the release; all ${fmt(drain.orders_written)} orders were in MySQL ${fmt(drain.seconds_to_drain, 2)} s later: **${fmt(drain.orders_persisted_per_second)} orders/s** (MySQL polled every ${drain.poll_interval_ms} ms; ${drain.orders_not_checkout} not CHECKOUT).`);
  p();
}
if (openloop) {
  p('## Open loop at half the maximum');
  p();
  p(`${fmt(openloop.requests)} snap-ups at a constant ${fmt(openloop.rate_target)}/s (half the stampede's accepted rate) for ${openloop.seconds_target} s, each on a fresh sale with ample stock, so every one is a full admission (Redis script + confirmed publish). Latency runs from the intended send time, so a stall is charged to every request due during it (no coordinated omission).`);
  p();
  p(`| p50 | p90 | p99 | p99.9 | max | achieved rate | answers | connections |`);
  p('|---|---|---|---|---|---|---|---|');
  p(`| ${fmt(openloop.latency_ms.p50, 2)} ms | ${fmt(openloop.latency_ms.p90, 2)} ms | ${fmt(openloop.latency_ms.p99, 2)} ms | ${fmt(openloop.latency_ms.p999, 2)} ms | ${fmt(openloop.latency_ms.max, 2)} ms | ${fmt(openloop.achieved_rate)}/s | ${Object.entries(openloop.by_status).map(([k, v]) => `${k === '-1' ? 'error' : k}: ${fmt(v)}`).join(', ')} | ${openloop.connections_opened} |`);
  p();
}
if (notify) {
  p('## Notify');
  p();
  p(`${fmt(notify.sessions_subscribed)} of ${fmt(notify.sessions_requested)} STOMP sessions connected (CONNECT with \`Authorization: Bearer …\`) and subscribed to \`/user/queue/checkouts\` in ${fmt(notify.connect_seconds, 1)} s; then each buyer snapped up once (${fmt(notify.burst_seconds, 1)} s for all, ${Object.entries(notify.snapup_status).map(([k, v]) => `${k}: ${fmt(v)}`).join(', ')}).`);
  p();
  p('| notification latency | p50 | p90 | p99 | max |');
  p('|---|---|---|---|---|');
  const row = (name, l) => p(`| ${name} | ${fmt(l.p50, 1)} ms | ${fmt(l.p90, 1)} ms | ${fmt(l.p99, 1)} ms | ${fmt(l.max, 1)} ms |`);
  row('202 answer → OrderChecked received (primary)', notify.latency_from_202_ms);
  if (!notify.latency_from_created_at_ms.note) row('order\'s created_at → OrderChecked received', notify.latency_from_created_at_ms);
  row('request sent → OrderChecked received', notify.latency_from_send_ms);
  p();
  p(`Events: ${fmt(notify.events_received)} received of ${fmt(notify.accepted)} accepted (${notify.events_missing} missing). The primary figure is the buyer's view: from the 202 answer (the checkout is queued) to the OrderChecked event (its order committed). ${notify.latency_from_created_at_ms.note ? `Commit → receipt can't be taken from \`checkout.created_at\` here: ${notify.latency_from_created_at_ms.note}.` : '`created_at` is stamped when the worker starts writing the batch, just before its commit, so that row slightly over-states commit → receipt.'}`);
  p();
  const m = notify.memory;
  p(`Service memory (VmRSS): ${fmt(m.before_sessions.rss_mib)} MiB before the sessions, ${fmt(m.with_sessions.rss_mib)} MiB with ${fmt(notify.sessions_subscribed)} open (${fmt(m.per_session_kib)} KiB a session, heap growth included), ${fmt(m.after_events.rss_mib)} MiB after the events; peak (VmHWM) ${fmt(m.after_events.hwm_mib)} MiB; ${m.after_events.threads} threads. Started at ${fmt(results.service_rss_mib.started)} MiB, ${fmt(results.service_rss_mib.after_stampede)} MiB after the stampede.`);
  p();
}
p('## Ceilings and baselines (same run, same machine)');
p();
p('| | figure | latency |');
p('|---|---|---|');
for (const [mode, c] of Object.entries(ceilings)) p(`| (a) ${mode === ceilingMode ? '**HTTP + JWT ceiling**' : 'candidate'}: ${c.endpoint}; same wrk set-up as the stampede | ${fmt(c.per_second)} req/s | p50 ${fmt(c.latency_ms.p50, 2)} ms, p99 ${fmt(c.latency_ms.p99, 2)} ms |`);
if (redisBench) p(`| (b) \`redis-benchmark\` EVALSHA of admit.lua, 64 clients, service stopped | ${fmt(redisBench.per_second)} calls/s (${fmt(redisBench.admitted)} admitted) | p50 ${fmt(redisBench.latency_ms.p50, 3)} ms, p99 ${fmt(redisBench.latency_ms.p99, 3)} ms |`);
if (lockVsLua) {
  p(`| (c) admit.lua, ${lockVsLua.clients} clients, one hot sale | ${fmt(lockVsLua.lua.per_second)} reservations/s | p50 ${fmt(lockVsLua.lua.latency_ms.p50, 2)} ms, p99 ${fmt(lockVsLua.lua.latency_ms.p99, 2)} ms, max ${fmt(lockVsLua.lua.latency_ms.max, 1)} ms |`);
  for (const l of lockVsLua.lock) p(`| (c) lock (SET NX EX, read, write, DEL), retry after ${l.retry_micros >= 1000 ? `${l.retry_micros / 1000} ms` : `${l.retry_micros} µs`} | ${fmt(l.per_second)} reservations/s (${fmt(l.lock_busy_retries)} busy retries) | p50 ${fmt(l.latency_ms.p50, 2)} ms, p99 ${fmt(l.latency_ms.p99, 2)} ms, max ${fmt(l.latency_ms.max, 1)} ms |`);
}
if (perf) p(`| (d) RabbitMQ PerfTest: ${perf.settings} | ${fmt(perf.receiving_per_second)} msg/s consumed (${fmt(perf.sending_per_second)} sent) | confirm p50 ${fmt(perf.confirm_latency_ms?.p50, 1)} ms, p99 ${fmt(perf.confirm_latency_ms?.p99, 1)} ms |`);
p();
p('Ratios (results.json `ratios`):');
p();
for (const [k, v] of Object.entries(ratios)) p(`- \`${k}\`: ${typeof v === 'string' ? v : typeof v === 'object' && v !== null ? Object.entries(v).map(([a, b]) => `${a} ${fmt(b, 2)}`).join(', ') : fmt(v, 2)}`);
p();
p('## Where the time went');
p();
p('CPU used by each process during each phase, in cores (of ' + nproc + '); "other" is everything else on the machine (other users\' builds and tests included):');
p();
const names = [...new Set(Object.values(cpu).filter(Boolean).flatMap((c) => Object.keys(c.cores)))];
p(`| phase | machine busy | ${names.join(' | ')} |`);
p(`|---|---|${names.map(() => '---').join('|')}|`);
for (const [phase, c] of Object.entries(cpu)) if (c) p(`| ${phase} (${c.seconds} s) | ${fmt(c.machine_busy_cores, 2)} | ${names.map((n) => fmt(c.cores[n], 2)).join(' | ')} |`);
p();
if (jfr) {
  p(`The service's CPU samples during the stampede (JFR, ${fmt(jfr.samples)} samples), each charged to the innermost frame outside the JDK (RSA arithmetic under nimbus counts as JWT verification):`);
  p();
  p('| component | share of samples |');
  p('|---|---|');
  for (const c of jfr.by_component.slice(0, 12)) p(`| ${c.name} | ${c.percent} % |`);
  p();
  p('Hottest leaf methods: ' + jfr.hot_methods.slice(0, 8).map((m) => `\`${m.name}\` ${m.percent} %`).join(', ') + '.');
  p();
}
if (drainJfr?.samples) {
  p(`While the backlog drained (JFR, ${fmt(drainJfr.samples)} samples): ` + drainJfr.by_component.slice(0, 8)
    .map((c) => `${c.name} ${c.percent} %`).join(', ') + '; by thread: ' + drainJfr.threads.slice(0, 5)
    .map((t) => `${t.name} ${t.percent} %`).join(', ') + '.');
  p();
}
if (Object.keys(listenQueue).length) {
  p('The kernel\'s listen queue during each phase (`nstat` deltas of `TcpExtListenOverflows` / `TcpExtListenDrops`; the whole machine\'s counters, other users\' servers included; each overflow costs a client a SYN retransmit, 1 s and then 3 s):');
  p();
  p('| phase | listen overflows | listen drops |');
  p('|---|---|---|');
  for (const [phase, q] of Object.entries(listenQueue)) p(`| ${phase} | ${fmt(q.listen_overflows)} | ${fmt(q.listen_drops)} |`);
  p();
}
p('## Machine and versions');
p();
p(`| | |`);
p('|---|---|');
for (const [k, v] of Object.entries({ ...results.machine, ...results.versions })) p(`| ${k} | ${v ?? 'n/a'} |`);
p();
p('## Files');
p();
p('`results.json` (every figure), `chart.svg` (throughput and latency over time, CPU by process), `run.log`, `app.log` (the service), `samples.jsonl` (CPU and the service\'s counters every 500 ms), `phases.txt`, `*/result.json` and `*/wrk.txt` (each wrk run), `stampede-db.txt` (MySQL\'s order count every 250 ms), `stampede-invariants.txt`, `stampede-jfr.json` and `stampede-jfr-hot-methods.txt`, `stampede-sessions.json` and `stampede-session-winners.tsv`, `*-invariants.txt` (each sale\'s figures), `retries.json`, `overload.json`, `nstat.txt` (the listen-queue counters at each phase\'s edges), `app-baseline.log` and `samples-baseline.jsonl` (with \`--baseline\`), `openloop.json`, `notify.json`, `notify-db.tsv`, `redis-benchmark.csv`, `lock-vs-lua.json`, `perftest.txt`, `environment.txt`. Git keeps only `report.md`, `results.json` and `chart.svg` (`bench/results/.gitignore`); the other files stay on the machine that ran the benchmark.');
p();
p('![throughput and latency over time](chart.svg)');
writeFileSync(file('report.md'), L.join('\n') + '\n');
console.log(JSON.stringify({ targets: targets.map((t) => ({ [t.key]: t.value, met: t.met })) }));
