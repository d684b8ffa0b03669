// The "peer" of Herald's benchmarks: the broadcast server most people hand-roll on Node's ws library.
// Any text frame a client sends is sent to every other open client, one send() per client, as the ws README does.
// No auth, no store, no acks. Usage: node server.js [port] [host]   (port 0 = any free port)
'use strict';
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] || 0);
const host = process.argv[3] || '127.0.0.1';
const wss = new WebSocketServer({ port, host, perMessageDeflate: false, backlog: 4096 });

wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => {
    for (const client of wss.clients) {
      if (client !== ws && client.readyState === WebSocket.OPEN) {
        client.send(data, { binary: isBinary });
      }
    }
  });
});

// The bench tool waits for this exact line before connecting.
wss.on('listening', () => console.log(`ws-peer listening on port ${wss.address().port}`));
process.on('SIGTERM', () => process.exit(0));
