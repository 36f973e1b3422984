// /healthz every 20 ms on one keep-alive connection, in a process of its own (the screens'
// process is busy; its event loop would add its own delay). Sends its latencies (ms) to the
// parent when told to stop.
import http from 'node:http';

const url = process.argv[2];
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const latencies = [];
const startedAt = performance.now();
const at = []; // when each latency was measured, ms after the probe started
const fresh = []; // whether it opened a new connection (the server restarted)
let failures = 0;
let running = true;
process.on('message', () => {
  running = false;
});
const probe = () =>
  new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.get(`${url}/healthz`, { agent, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) {
          latencies.push(performance.now() - t0);
          at.push(t0 - startedAt);
          fresh.push(!req.reusedSocket);
        } else failures++;
        resolve();
      });
    });
    req.on('error', () => resolve()); // down while restarting: not a latency
    req.on('timeout', () => {
      failures++;
      req.destroy();
    });
  });
while (running) {
  await probe();
  await new Promise((r) => setTimeout(r, 20));
}
process.send({ latencies, at, fresh, failures }, () => process.exit(0));
