// The fault suite's report: report.md and results.json of a run, from each scenario's check.json.
//   node report.mjs RUN_DIR
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const dir = process.argv[2];
const run = JSON.parse(readFileSync(`${dir}/run.json`, 'utf8'));
const names = readFileSync(`${dir}/run.log`, 'utf8').split('\n')
  .map((l) => l.match(/\] scenario ([\w-]+): /)?.[1]).filter(Boolean).filter((n, i, a) => a.indexOf(n) === i);
const scenarios = names.filter((n) => existsSync(`${dir}/${n}/scenario.json`))
  .map((n) => JSON.parse(readFileSync(`${dir}/${n}/scenario.json`, 'utf8')));
const results = { ...run, pass: scenarios.every((s) => s.pass), scenarios };
writeFileSync(`${dir}/results.json`, JSON.stringify(results, null, 1));

const n = (x, d = 1) => x === null || x === undefined ? '—' : typeof x === 'number' ? (Number.isInteger(x) ? x.toLocaleString('en') : x.toFixed(d)) : String(x);
const mark = (ok) => ok ? '✓' : '✗';
const o = run.options;
const lines = [];
lines.push(`# Fault suite: ${run.stamp} (${run.mode})`, '');
lines.push(`Commit ${run.commit}; ${run.machine}; ${run.jdk}; ${run.servers} (private instances started by the suite).`,
  `Load: ${n(o.rate)} snap-ups a second offered for ${o.load_seconds} s (open loop), a sale of ${n(o.stock)} units, limit 1, ` +
  `${n(o.buyers)} buyers, holds of ${o.hold_seconds} s, ${o.pay_fraction * 100} % of the winners confirm and pay; ` +
  `quiescence awaited up to ${o.quiescence_wait_s} s. The run took ${Math.round(run.seconds / 60)} min; load average after it ${run.load_average_after}. ` +
  `The service ran from its extracted jar${run.aot_cache ? ' with the JDK\'s AOT cache (recorded by the warm-up\'s start)' : ' without an AOT cache'}, and was started ${run.service_starts} times${run.failed_service_starts ? ` (${run.failed_service_starts} starts failed and were retried)` : ''}` +
  `${run.app_env ? `, with ${run.app_env} besides the defaults` : ' with its defaults'}.`, '');
lines.push(`**${results.pass ? 'Every invariant held in every scenario.' : `Invariants failed in ${scenarios.filter((s) => !s.pass).length} of ${scenarios.length} scenarios.`}**`, '');

const inv = ['every_202_has_one_checkout', 'nothing_without_a_202', 'no_orphan_holds', 'stock_equation_db',
  'stock_equation_redis', 'nothing_oversold', 'buyer_counts', 'no_buyer_over_limit', 'expired_holds_back_on_sale'];
const short = { every_202_has_one_checkout: '202 → 1 checkout', nothing_without_a_202: 'none without 202',
  no_orphan_holds: 'no orphan hold', stock_equation_db: 'stock eq. DB', stock_equation_redis: 'stock eq. Redis',
  nothing_oversold: 'not oversold', buyer_counts: 'buyer counts', no_buyer_over_limit: 'limit kept',
  expired_holds_back_on_sale: 'expired back on sale' };
lines.push('## Invariants', '', `| scenario | ${inv.map((i) => short[i]).join(' | ')} |`, `|---|${inv.map(() => '---').join('|')}|`);
for (const s of scenarios) lines.push(`| ${s.name} | ${inv.map((i) => mark(s.invariants[i].pass)).join(' | ')} |`);
lines.push('');

lines.push('## Figures', '', '| scenario | fault at / lasted | 202s | unanswered | lost 202s | orphan holds | leaked units | stuck buyers | oversold | expired (straight) | lateness p50 / p99 / max (raw: closing − deadline) | after the fault: first answer / first 202 (restart → healthy) | quiescent |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const s of scenarios) {
  const f = s.figures, L = f.lateness_after_recovery_s ?? f.lateness_s, R = f.lateness_s;
  lines.push(`| ${s.name} | ${s.fault?.injected_after_s != null && s.name !== 'control' ? `${n(s.fault.injected_after_s)} s / ${n(s.fault.lasted_s)} s` : '—'} | ${n(f.accepted)} | ${n(s.load.unanswered)} | ${n(f.lost_202)} | ${n(f.orphan_holds)} | ${n(f.leaked_units)} | ${n(f.stuck_buyers)} | ${n(f.oversold)} | ${n(f.expired)} (${n(f.expired_while_queued)}) | ${n(L.p50)} / ${n(L.p99)} / ${n(L.max)} s (${n(R.p99)} / ${n(R.max)} s) | ${s.name === 'control' ? '—' : `${n(f.first_answer_after_fault_s)} / ${n(f.first_202_after_fault_s)} s${f.service_healthy_after_restart_s != null ? ` (${n(f.service_healthy_after_restart_s)} s)` : ''}`} | ${s.quiescent ? `yes, ${s.waited_s} s` : `**no** after ${s.waited_s} s`} |`);
}
lines.push('', 'Lateness is an expired checkout\'s overdue time (closing − deadline) less the part of it the fault covered, from the injection to the recovery (the server back, or after a restart the service healthy again): ' +
  'a hold due while nothing could give it back counts from the recovery, one already late before the fault keeps that; the raw figures in brackets (p99 / max) count from the deadline (both whole seconds in the database); ' +
  '"straight" counts the checkouts the worker wrote as EXPIRED because their hold ran out while queued. ' +
  'An unanswered request is one the client sent and got no answer for (a timeout or a broken connection): the service may have admitted it. ' +
  'Leaked units: Redis `available` below stock − reserved − sold − unwritten holds (units nobody can buy); stuck buyers: a buyer whose Redis count is above their live and paid checkouts plus unwritten holds.', '');

const targetNames = { lateness_after_recovery_p99_le_5s: 'lateness p99 ≤ 5 s', lateness_without_fault_p99_le_2s: 'lateness p99 ≤ 2 s (no fault)',
  first_202_after_restart_le_10s: 'first 202 ≤ 10 s after the restart' };
const targets = scenarios.flatMap((s) => Object.entries(s.targets ?? {}).map(([k, t]) => ({ s: s.name, k, t })));
if (targets.length) {
  lines.push('## Targets', '', '| scenario | target | value | met |', '|---|---|---|---|');
  for (const { s, k, t } of targets) lines.push(`| ${s} | ${targetNames[k] ?? k} | ${n(t.value)} s | ${mark(t.pass)} |`);
  lines.push('', 'Targets are reported, not part of the exit status: on a shared machine a figure can miss without a fault in the service.', '');
}

lines.push('## Each scenario', '');
for (const s of scenarios) {
  lines.push(`### ${s.name} ${s.pass ? '✓' : '✗'}`, '', s.what + (s.fault?.note ? ` (${s.fault.note})` : '') + '.', '');
  const l = s.load;
  lines.push(`Load: ${n(l.sent)} sent, ${n(l.accepted)} accepted, answers ${Object.entries(l.statuses).map(([k, v]) => `${k}: ${n(v)}`).join(', ')}` +
    `${Object.keys(l.codes).length ? ` (${Object.entries(l.codes).map(([k, v]) => `${k}: ${n(v)}`).join(', ')})` : ''}; ` +
    `${n(l.connections_refused)} connections refused, ${n(l.unanswered)} unanswered; latency p50 / p99 ${n(l.latency_ms.p50)} / ${n(l.latency_ms.p99)} ms; ` +
    `payers: ${n(l.pay.chosen)} chosen, ${n(l.pay.paid)} paid, ${n(l.pay.neverWritten)} never payable, ${n(l.pay.confirmFailed + l.pay.payFailed)} refused.`);
  lines.push(`Database: ${Object.entries(s.figures.statuses).map(([k, v]) => `${k} ${n(v)}`).join(', ')}; reserved ${n(s.figures.reserved)}, sold ${n(s.figures.sold)}; ` +
    `Redis available ${n(s.figures.redis_available)}; dead letters ${n(s.figures.dead_letters)}; broker queues ${n(s.figures.broker_queues)}.` +
    (s.figures.lateness_s?.n ? ` Raw lateness (closing − deadline) of the ${n(s.figures.lateness_s.n)} expired: p50 / p99 / max ${n(s.figures.lateness_s.p50)} / ${n(s.figures.lateness_s.p99)} / ${n(s.figures.lateness_s.max)} s.` : ''), '');
  for (const i of inv) lines.push(`- ${mark(s.invariants[i].pass)} ${i.replaceAll('_', ' ')}: ${s.invariants[i].detail}`);
  lines.push('');
}
writeFileSync(`${dir}/report.md`, lines.join('\n'));
