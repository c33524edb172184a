import { DOCS, type Area } from '../types.js';

export const listen: Area = {
  id: 'LISTEN',
  title: 'Listen variants and errors',
  requirements: [
    {
      id: 'LISTEN-1',
      level: 'MUST',
      statement: "When the port is taken by another process, the worker's server emits 'error' with code EADDRINUSE, syscall 'bind', address null and the port, and no 'listening' follows.",
      source: { observed: 'Node v20.20.2 and v26.10.0, both policies: message "bind EADDRINUSE null:<port>".' },
      nodeVersions: '>=0.11.2',
      tags: [],
    },
    {
      id: 'LISTEN-2',
      level: 'MUST',
      statement: "listen({port, exclusive: true}) binds in the worker: no queryServer is sent, no cluster 'listening' event follows, and a second worker on the same port gets EADDRINUSE from syscall 'listen'.",
      source: { docs: 'https://nodejs.org/api/net.html#serverlistenoptions-callback', observed: 'Node v20.20.2 and v26.10.0.' },
      nodeVersions: '>=0.11.2',
      tags: [],
    },
    {
      id: 'LISTEN-3',
      level: 'MUST',
      statement: "Workers listening on one Unix socket path share it: the cluster 'listening' address is {addressType: -1, address: <absolute path>, port: -1}, and connections reach the workers.",
      source: { observed: 'Node v20.20.2 (research 1.8).' },
      nodeVersions: '>=0.11.2',
      tags: ['unix-socket'],
    },
    {
      id: 'LISTEN-4',
      level: 'MUST',
      statement: "listen(0, '127.0.0.1') reports address '127.0.0.1' and addressType 4 in 'listening'; listen(0, '::1') reports '::1' and 6.",
      source: { observed: 'Node v20.20.2 (test-cluster-basic).' },
      nodeVersions: '>=0.11.2',
      tags: [],
    },
    {
      id: 'LISTEN-5',
      level: 'MUST',
      statement: "A server closed before the primary answers its queryServer never emits 'listening'; the worker closes the handle it gets and sends act 'close' for its key.",
      source: { observed: 'Node v20.20.2 (test-net-server-close-before-ipc-response).' },
      nodeVersions: '>=0.11.2',
      tags: ['wire-tap'],
    },
  ],
};
