// Preloaded with `node --import` into the built bin by test/reliability/sandbox.test.ts: every way
// Node.js opens a connection or resolves a name is replaced by a stub that records the call and
// throws. At exit the calls are written to stderr as one `DENIED-NETWORK-CALLS <json>` line.
// Node 20's permission model has no network switch (--allow-net came with Node 25), hence this.
// Plain JavaScript: it runs in the bin's process, which loads no TypeScript.
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';

const calls = [];

/** Replaces `owner[name]` with a stub that records `label` and throws. */
function deny(owner, name, label) {
  owner[name] = function denied() {
    calls.push(label);
    throw new Error(`network access denied in this test: ${label}`);
  };
}

for (const name of ['connect', 'createConnection']) deny(net, name, `net.${name}`);
deny(net.Socket.prototype, 'connect', 'net.Socket#connect');
deny(tls, 'connect', 'tls.connect');
for (const name of ['request', 'get']) {
  deny(http, name, `http.${name}`);
  deny(https, name, `https.${name}`);
}
deny(http2, 'connect', 'http2.connect');
deny(dgram, 'createSocket', 'dgram.createSocket');
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveSrv', 'resolveTxt', 'reverse']) {
  deny(dns, name, `dns.${name}`);
  deny(dns.promises, name, `dns.promises.${name}`);
}
deny(globalThis, 'fetch', 'fetch');
// ESM importers (`import { connect } from 'node:net'`) see the stubs too.
syncBuiltinESMExports();

process.on('exit', () => {
  process.stderr.write(`DENIED-NETWORK-CALLS ${JSON.stringify(calls)}\n`);
});
