// Samples, every INTERVAL ms until killed, the CPU time of the processes that take part (the service, Redis,
// RabbitMQ, MariaDB, and the load generators found by name) and of the whole machine, plus the service's own
// counters from /actuator/prometheus. One JSON object a line, so a partial file stays readable.
//   [METRICS_TOKEN=<operator's bearer token>] node sample.mjs OUT.jsonl INTERVAL_MS METRICS_URL name=PID ...
// The metrics need the OPERATOR role unless the service opens them (flashsale.operations.public-metrics).
// A name with PID 0 is looked up by process name at each sample (for load generators that come and go):
// loadgen=0 sums every wrk, java OpenLoop/Buyers/LockVsLua/PerfTest, node notify and redis-benchmark process.
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';

const [out, intervalArg, metricsUrl, ...named] = process.argv.slice(2);
const interval = Number(intervalArg);
const targets = named.map((s) => { const [name, pid] = s.split('='); return { name, pid: Number(pid) }; });
const LOADGEN = /^(wrk|redis-benchmark)$|OpenLoop|Buyers|LockVsLua|PerfTest|notify\.mjs/;

function ticksOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'ascii');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

// load generators come and go: keep a running total of the ticks each one used since it was first seen
const seen = new Map();
let loadgenTotal = 0;
function loadgenTicks() {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'ascii').trim();
      const cmd = comm === 'wrk' || comm === 'redis-benchmark' ? comm
        : (comm === 'java' || comm === 'node') ? readFileSync(`/proc/${entry}/cmdline`, 'ascii') : '';
      if (cmd && LOADGEN.test(cmd)) {
        const ticks = ticksOf(entry) ?? 0;
        loadgenTotal += ticks - (seen.get(entry) ?? 0);
        seen.set(entry, ticks);
      }
    } catch {
      // gone meanwhile
    }
  }
  return loadgenTotal;
}

function machine() {
  const cpu = readFileSync('/proc/stat', 'ascii').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

const WANTED = /^(flashsale_snapup_accepted_total|flashsale_snapup_refused_total|flashsale_checkouts_written_total|http_server_requests_seconds_(count|sum)\{[^}]*uri="\/api\/snap-up\/checkouts"|process_cpu_usage|jvm_gc_pause_seconds_(count|sum)|jvm_memory_used_bytes\{[^}]*area="heap"|jvm_threads_live_threads|hikaricp_connections_active)/;

async function metrics() {
  if (metricsUrl === '-') return null;
  try {
    const headers = process.env.METRICS_TOKEN ? { Authorization: `Bearer ${process.env.METRICS_TOKEN}` } : {};
    const res = await fetch(metricsUrl, { headers, signal: AbortSignal.timeout(interval) });
    const text = await res.text();
    const m = {};
    for (const line of text.split('\n')) {
      if (!WANTED.test(line)) continue;
      const space = line.lastIndexOf(' ');
      const key = line.slice(0, space);
      m[key] = (m[key] ?? 0) + Number(line.slice(space + 1));
    }
    return m;
  } catch {
    return null;
  }
}

async function tick() {
  const sample = { t: Date.now(), machine: machine(), cpu: {} };
  for (const { name, pid } of targets) sample.cpu[name] = pid === 0 ? loadgenTicks() : ticksOf(pid);
  sample.metrics = await metrics();
  appendFileSync(out, JSON.stringify(sample) + '\n');
}

process.on('SIGTERM', () => process.exit(0));
for (;;) {
  const started = Date.now();
  await tick();
  await new Promise((r) => setTimeout(r, Math.max(0, interval - (Date.now() - started))));
}
