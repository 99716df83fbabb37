// Mints RS256 access tokens for many distinct users with the key the service signs with (FLASHSALE_SIGNING_KEY):
// the same header (alg, typ, kid = the key's RFC 7638 thumbprint) and claims (sub, iss, aud, iat, exp, roles) as the
// service's own issuer, so the service accepts them exactly like the tokens it issues. One line per token.
//   node mint.mjs KEY_PEM OUT_FILE COUNT FIRST_USER_ID [TTL_SECONDS]
// Users are FIRST_USER_ID .. FIRST_USER_ID+COUNT-1, written in a shuffled order (seeded, so runs are repeatable).
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

if (isMainThread) {
  const [keyFile, outFile, countArg, firstArg, ttlArg] = process.argv.slice(2);
  const count = Number(countArg), first = Number(firstArg), ttl = Number(ttlArg ?? 4 * 3600);
  const pem = readFileSync(keyFile, 'ascii');
  const jwk = createPublicKey(createPrivateKey(pem)).export({ format: 'jwk' });
  const kid = b64url(createHash('sha256').update(`{"e":"${jwk.e}","kty":"RSA","n":"${jwk.n}"}`).digest());
  const header = b64url(JSON.stringify({ kid, typ: 'JWT', alg: 'RS256' }));
  const iat = Math.floor(Date.now() / 1000);
  // a seeded Fisher-Yates shuffle of the user ids, so no thread of the load generator gets a run of neighbours
  const ids = new Float64Array(count);
  for (let i = 0; i < count; i++) ids[i] = first + i;
  let seed = 0x2545f491;
  const rnd = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 4294967296; };
  for (let i = count - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [ids[i], ids[j]] = [ids[j], ids[i]]; }

  const workers = Math.max(1, availableParallelism());
  const per = Math.ceil(count / workers);
  const parts = new Array(workers);
  let done = 0, finished = 0;
  const started = Date.now();
  await new Promise((resolve, reject) => {
    for (let w = 0; w < workers; w++) {
      const slice = ids.slice(w * per, Math.min(count, (w + 1) * per));
      const worker = new Worker(new URL(import.meta.url), { workerData: { pem, header, iat, ttl, ids: slice } });
      worker.on('message', (m) => {
        if (m.progress) {
          done += m.progress;
          if (process.env.BENCH_TTY === 'true') process.stderr.write(`\r  minting tokens: ${done}/${count}`);
        } else {
          parts[w] = m.tokens;
          if (++finished === workers) resolve();
        }
      });
      worker.on('error', reject);
    }
  });
  if (process.env.BENCH_TTY === 'true') process.stderr.write('\n');
  writeFileSync(outFile, parts.join(''));
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ tokens: count, first_user_id: first, seconds, per_second: Math.round(count / seconds),
    workers, kid }));
} else {
  const { pem, header, iat, ttl, ids } = workerData;
  const key = createPrivateKey(pem);
  const out = [];
  for (let i = 0; i < ids.length; i++) {
    const claims = { sub: String(ids[i]), aud: ['flashsale'], roles: ['USER'], iss: 'flashsale', exp: iat + ttl, iat };
    const input = `${header}.${b64url(JSON.stringify(claims))}`;
    out.push(`${input}.${b64url(sign('sha256', Buffer.from(input), key))}\n`);
    if ((i + 1) % 5000 === 0) parentPort.postMessage({ progress: 5000 });
  }
  parentPort.postMessage({ tokens: out.join('') });
}
