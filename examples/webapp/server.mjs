// The sample web app the demo deploys. It serves the build it was deployed from:
//   GET /         → "hello from <version>"
//   GET /healthz  → 200 {"status":"ok","version":"<sha>"}, or 503 when the build is broken
// build.json (next to this file, written by the build) says which version it is and whether it works.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const build = JSON.parse(readFileSync(new URL('./build.json', import.meta.url), 'utf8'));
const port = Number(process.env.PORT ?? 8080);

const server = createServer((req, res) => {
  const send = (status, body) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
    res.end(text);
  };
  if (req.url === '/healthz') {
    if (build.broken) return send(503, { status: 'failing', version: build.version, error: build.broken });
    return send(200, { status: 'ok', version: build.version });
  }
  if (req.url === '/') return send(200, `hello from ${build.version}\n`);
  return send(404, 'not found\n');
});
server.listen(port, '127.0.0.1', () => console.log(`webapp ${build.version} listening on 127.0.0.1:${port}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
