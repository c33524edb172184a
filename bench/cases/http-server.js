// The bench's server (argv: <mode> <workers> <port>). mode: single (no
// cluster), rr or none (the policy), reuseport (every worker binds the port
// with SO_REUSEPORT), default (the runtime's own policy). Every worker answers
// HTTP on 127.0.0.1:<port>. Prints 'ready' with the fork latency (first fork()
// to the last worker listening) and the CPU time that took (the primary's
// since the first fork(), and each worker's up to listening), and on {"cmd":"stats"} the connections,
// requests and CPU time (µs, cumulative) of each worker and of the primary;
// {"cmd":"exit"} ends the primary (the workers follow).
'use strict';
var common = require('../../fixtures/common');
var http = require('http');

var mode = common.arg(0, 'rr');
var workers = Number(common.arg(1, 1));
var port = Number(common.arg(2, 0));

function serve(onListening) {
  var counts = { connections: 0, requests: 0 };
  var server = http.createServer(function (request, response) {
    counts.requests++;
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    response.end('ok');
  });
  server.on('connection', function () {
    counts.connections++;
  });
  var options = { port: port, host: '127.0.0.1' };
  if (mode === 'reuseport') options.reusePort = true;
  server.listen(options, function () {
    onListening(server.address().port);
  });
  return counts;
}

function cpuMicros() {
  var usage = process.cpuUsage();
  return usage.user + usage.system;
}

function elapsedMs(since) {
  var d = process.hrtime(since);
  return d[0] * 1e3 + d[1] / 1e6;
}

if (mode === 'single') {
  var own = serve(function (listeningPort) {
    common.fact('ready', { forkMs: null, forkCpuUs: null, port: listeningPort });
  });
  common.onCommand(function (command) {
    if (command.cmd !== 'stats') return;
    common.fact('stats', {
      primaryCpuUs: 0,
      workers: [{ id: 0, connections: own.connections, requests: own.requests, cpuUs: cpuMicros() }],
    });
  });
} else {
  var cluster = common.cluster();
  if (common.role === 'primary') {
    if (mode === 'rr' || mode === 'none') common.setPolicy(cluster, mode);
    var forked = [];
    var listening = 0;
    var forkCpuUs = 0;
    var replies = [];
    var onMessage = function (message) {
      if (!message || typeof message.bench !== 'string') return;
      if (message.bench === 'listening') {
        forkCpuUs += message.cpuUs;
        if (++listening === workers) {
          common.fact('ready', {
            forkMs: elapsedMs(started),
            forkCpuUs: forkCpuUs + cpuMicros() - startedCpuUs,
            port: message.port,
          });
        }
      }
      if (message.bench === 'stats') {
        replies.push({
          id: message.id,
          connections: message.connections,
          requests: message.requests,
          cpuUs: message.cpuUs,
        });
        if (replies.length === workers) {
          common.fact('stats', { primaryCpuUs: cpuMicros(), workers: replies });
          replies = [];
        }
      }
    };
    common.onCommand(function (command) {
      if (command.cmd === 'stats') for (var w = 0; w < forked.length; w++) forked[w].send({ bench: 'stats' });
      if (command.cmd === 'exit') process.exit(0); // Lets --cpu-prof write its profile.
    });
    var startedCpuUs = cpuMicros();
    var started = process.hrtime();
    for (var i = 0; i < workers; i++) {
      var worker = cluster.fork();
      worker.on('message', onMessage);
      forked.push(worker);
    }
  } else {
    var counts = serve(function (listeningPort) {
      process.send({ bench: 'listening', port: listeningPort, cpuUs: cpuMicros() });
    });
    process.on('message', function (message) {
      if (message && message.bench === 'stats') {
        process.send({
          bench: 'stats',
          id: cluster.worker.id,
          connections: counts.connections,
          requests: counts.requests,
          cpuUs: cpuMicros(),
        });
      }
    });
  }
}
