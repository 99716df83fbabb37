// Summarises the service's CPU samples during a phase. Reads `jfr print --stack-depth 64 --events
// jdk.ExecutionSample` (text) on stdin, line by line, and writes JSON:
//  - by_component: each sample charged to the component of its innermost frame outside the JDK (so RSA math under
//    nimbus counts as JWT verification, a HashMap lookup under Micrometer as metrics);
//  - inclusive: share of samples whose stack passes through a component that does work of its own (not the
//    wrappers every request passes through, like Tomcat, Spring MVC or the observation filters);
//  - hot_methods (innermost frames) and threads.
import { createInterface } from 'node:readline';

const COMPONENTS = [
  ['JWT verification (nimbus + JDK RSA)', /^(com\.nimbusds\.|org\.springframework\.security\.oauth2\.jwt\.)/],
  ['Redis client (Lettuce, Spring Data Redis)', /^(io\.lettuce\.|org\.springframework\.data\.redis\.)/],
  ['RabbitMQ client (Spring AMQP)', /^(org\.springframework\.amqp\.|com\.rabbitmq\.)/],
  ['JDBC, Hikari, Hibernate', /^(com\.mysql\.|com\.zaxxer\.|org\.springframework\.jdbc\.|org\.hibernate\.|org\.springframework\.orm\.)/],
  ['JSON (Jackson)', /^(com\.fasterxml\.jackson\.|tools\.jackson\.)/],
  ['metrics and observations (Micrometer)', /^(io\.micrometer\.|org\.springframework\.boot\.micrometer\.|org\.springframework\.security\.web\.ObservationFilterChainDecorator|org\.springframework\.security\.authentication\.ObservationAuthenticationManager)/],
  ['Spring Security (filters, authorization)', /^org\.springframework\.security\./],
  ['Tomcat, HTTP', /^org\.apache\.(coyote|tomcat|catalina)\./],
  ['Spring MVC, web', /^org\.springframework\.(web|http)\./],
  ['STOMP, WebSocket', /^org\.springframework\.(messaging|web\.socket)\./],
  ['logging', /^(ch\.qos\.logback\.|org\.slf4j\.|org\.apache\.logging\.)/],
  ['rate limits (Bucket4j, Caffeine)', /^(io\.github\.bucket4j\.|com\.github\.benmanes\.caffeine\.)/],
  ['validation (Hibernate Validator)', /^(org\.hibernate\.validator\.|jakarta\.validation\.)/],
  ['Spring core, AOP, transactions', /^org\.springframework\.(core|aop|beans|context|transaction|util)\./],
  ['flashsale code', /^io\.flashsale\./],
  ['Netty', /^io\.netty\./],
];
// components counted inclusively: they do work of their own, rather than wrap the whole request
const INCLUSIVE = new Set(COMPONENTS.map(([n]) => n).filter((n) => !/Tomcat|Spring MVC|Spring core|Spring Security|Micrometer|flashsale code/.test(n)));
const JDK = /^(java|javax|jdk|sun|com\.sun)\./;
const componentOf = (cls) => {
  for (const [name, re] of COMPONENTS) if (re.test(cls)) return name;
  return cls.split('.').slice(0, 2).join('.');
};

let total = 0;
const byComponent = new Map(), inclusive = new Map(), methods = new Map(), threads = new Map();
const bump = (m, k) => m.set(k, (m.get(k) ?? 0) + 1);
let frames = null, thread = '?';
function finish() {
  if (!frames?.length) return;
  total++;
  bump(methods, frames[0]);
  const classes = frames.map((f) => f.slice(0, f.lastIndexOf('.')));
  const owner = classes.find((c) => !JDK.test(c));
  bump(byComponent, owner ? componentOf(owner) : 'JDK only (GC excluded)');
  const seen = new Set();
  for (const c of classes) {
    const name = componentOf(c);
    if (INCLUSIVE.has(name)) seen.add(name);
  }
  for (const n of seen) bump(inclusive, n);
  bump(threads, thread);
}
for await (const raw of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const line = raw.trim();
  if (line.startsWith('jdk.ExecutionSample')) {
    finish();
    frames = null;
    thread = '?';
  } else if (line.startsWith('sampledThread = ')) {
    const name = line.match(/"([^"]*)"/)?.[1] ?? '?';
    thread = name.replace(/[-#]?\d+$/, '') + (line.includes('virtual') ? ' (virtual)' : '');
  } else if (line.startsWith('stackTrace = [')) {
    frames = [];
  } else if (frames && line !== ']' && line !== '}' && line !== '...') {
    const m = line.match(/^([\w$.]+)\(/);
    if (m) frames.push(m[1]);
  }
}
finish();
const table = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n)
  .map(([k, v]) => ({ name: k, samples: v, percent: +(100 * v / Math.max(1, total)).toFixed(1) }));
console.log(JSON.stringify({
  samples: total,
  by_component: table(byComponent, 16),
  inclusive: table(inclusive, 12),
  hot_methods: table(methods, 20),
  threads: table(threads, 12),
}, null, 1));
