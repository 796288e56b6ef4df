// The @actions/core patch (patches/, documented in docs/patches.md), on the patched package as the
// bundles get it. The delimiter of file commands is security relevant: a value that could guess it
// could inject outputs or environment variables. Each check runs in a fresh Node 24 process, so
// what is loaded (node:crypto, fs/promises) is that of @actions/core alone; "no /dev/urandom",
// "/dev/urandom is a regular file" and "known bytes" are simulated at the fs seam by a preload.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';

const root = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'core-patch-'));
mkdirSync(join(root, '.tmp'), { recursive: true });
after(() => rmSync(work, { recursive: true, force: true }));

const DELIMITER = /^ghadelimiter_(.+)$/;

/** Runs an ES module snippet with @actions/core on Node 24; GITHUB_OUTPUT is a fresh file. */
function run(code: string, preload?: string): { status: number | null; stdout: string; stderr: string; output: string } {
  const output = join(work, `out-${Math.random().toString(36).slice(2)}`);
  writeFileSync(output, '');
  const args = ['--input-type=module', '-e', `import * as core from '@actions/core';\n${code}`];
  if (preload !== undefined) {
    const file = join(work, `preload-${Math.random().toString(36).slice(2)}.cjs`);
    writeFileSync(file, preload);
    args.unshift('--require', file);
  }
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { PATH: process.env['PATH'], GITHUB_OUTPUT: output } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: readFileSync(output, 'utf8') };
}

/** The delimiters of every `name<<delimiter` block written to GITHUB_OUTPUT. */
function delimiters(output: string): string[] {
  return [...output.matchAll(/^[^\n<]+<<(ghadelimiter_[^\n]+)$/gm)].map((m) => m[1] ?? '');
}

/** A preload that changes what fs sees of /dev/urandom, for @actions/core's ES module imports too. */
const atUrandom = (body: string): string => `
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
${body}
syncBuiltinESMExports();
`;

describe('@actions/core patch: the file-command delimiter', () => {
  test('16 random bytes from /dev/urandom, unique per call, without loading node:crypto', () => {
    const r = run(`
      for (let i = 0; i < 500; i++) core.setOutput('k' + i, 'v');
      console.log(JSON.stringify(process.moduleLoadList.filter((m) => /crypto/.test(m))));
    `);
    assert.equal(r.status, 0, r.stderr);
    const all = delimiters(r.output);
    assert.equal(all.length, 500);
    for (const d of all) assert.match(d, /^ghadelimiter_[0-9a-f]{32}$/);
    assert.equal(new Set(all).size, 500, 'every call draws a new delimiter');
    // Every byte position varies across calls (a stuck or counter-like source would not).
    for (let i = 0; i < 16; i++) assert.ok(new Set(all.map((d) => d.slice(13 + 2 * i, 15 + 2 * i))).size > 100, `byte ${i} varies`);
    assert.deepEqual(JSON.parse(r.stdout), []);
    // The output file is what the runner parses: name<<delimiter, value, delimiter.
    assert.match(r.output, /^k0<<(ghadelimiter_[0-9a-f]{32})\nv\n\1\n/);
  });

  test('the collision check is kept: a name or value containing the delimiter is refused', () => {
    // Known bytes at the fs seam: every read of /dev/urandom gives 0xab…, so the delimiter is predictable.
    const preload = atUrandom(`
      const { openSync, readSync } = fs;
      const fds = new Set();
      fs.openSync = (path, ...rest) => { const fd = openSync(path, ...rest); if (path === '/dev/urandom') fds.add(fd); return fd; };
      fs.readSync = (fd, buffer, ...rest) => { if (!fds.has(fd)) return readSync(fd, buffer, ...rest); buffer.fill(0xab); return buffer.length; };
    `);
    const known = `ghadelimiter_${'ab'.repeat(16)}`;
    const value = run(`try { core.setOutput('k', 'a\\n${known}\\nb'); } catch (e) { console.log(e.message); }`, preload);
    assert.equal(value.stdout.trim(), `Unexpected input: value should not contain the delimiter "${known}"`);
    const name = run(`try { core.setOutput('x${known}', 'v'); } catch (e) { console.log(e.message); }`, preload);
    assert.match(name.stdout, /Unexpected input: name should not contain the delimiter/);
    assert.equal(value.output + name.output, '', 'nothing was written');
    // The same preload without a collision: the delimiter is the known bytes, so the seam is the one used.
    const ok = run(`core.setOutput('k', 'v');`, preload);
    assert.deepEqual(delimiters(ok.output), [known]);
  });

  test('no /dev/urandom (Windows): node:crypto is loaded and randomUUID used, as upstream does', () => {
    const r = run(
      `core.setOutput('a', '1'); core.setOutput('b', '2'); console.log(process.moduleLoadList.includes('NativeModule crypto'));`,
      atUrandom(`
        const { openSync } = fs;
        fs.openSync = (path, ...rest) => {
          if (path === '/dev/urandom') throw Object.assign(new Error("ENOENT: no such file or directory, open '/dev/urandom'"), { code: 'ENOENT' });
          return openSync(path, ...rest);
        };
      `),
    );
    assert.equal(r.status, 0, r.stderr);
    const [a, b] = delimiters(r.output).map((d) => DELIMITER.exec(d)?.[1]);
    for (const id of [a, b]) assert.match(id ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a, b);
    assert.equal(r.stdout.trim(), 'true');
  });

  test('a /dev/urandom that is not a character device (a file of zeros) is not trusted', () => {
    const zeros = join(work, 'zeros');
    writeFileSync(zeros, Buffer.alloc(64));
    const r = run(
      `core.setOutput('a', '1');`,
      atUrandom(`
        const { openSync } = fs;
        fs.openSync = (path, ...rest) => openSync(path === '/dev/urandom' ? ${JSON.stringify(zeros)} : path, ...rest);
      `),
    );
    assert.equal(r.status, 0, r.stderr);
    const [id] = delimiters(r.output).map((d) => DELIMITER.exec(d)?.[1]);
    assert.match(id ?? '', /^[0-9a-f-]{36}$/);
    assert.notEqual(id, '0'.repeat(32));
  });
});

describe('@actions/core patch: what is not bundled', () => {
  test('getIDToken and platform.getDetails reject, saying so; the platform constants stay', () => {
    const r = run(`
      const results = await Promise.allSettled([core.getIDToken('aud'), core.platform.getDetails()]);
      console.log(JSON.stringify({ results: results.map((x) => x.reason?.message), linux: core.platform.isLinux, os: core.platform.platform }));
    `);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { results: string[]; linux: boolean; os: string };
    assert.deepEqual(out.results, [
      'core.getIDToken is not available in actions-suite bundles (see docs/patches.md)',
      'core.platform.getDetails is not available in actions-suite bundles (see docs/patches.md)',
    ]);
    assert.equal(out.linux, process.platform === 'linux');
    assert.equal(out.os, process.platform);
  });

  test('bundled as the actions are: one file, no lazy chunk; neither HTTP, child_process, crypto nor fs/promises loads at start, nor net or streams to write; the summary still writes', async () => {
    // Built with ncc's API as scripts/build.ts builds the actions (CommonJS), inside the project so
    // that @actions/core resolves from its node_modules.
    const dir = mkdtempSync(join(root, '.tmp', 'core-bundle-'));
    try {
      const entry = join(dir, 'entry.mjs');
      writeFileSync(entry, `import * as core from '@actions/core';
        const loaded = (name) => process.moduleLoadList.includes('NativeModule ' + name);
        const atStart = ['http', 'https', 'child_process', 'internal/fs/promises', 'crypto'].filter(loaded);
        core.setOutput('ok', 'yes');
        core.info('a line');
        core.setSecret('a-secret');
        const afterWrites = ['net', 'stream'].filter(loaded);
        await core.summary.addRaw('hello').write();
        core.info(JSON.stringify([...atStart, ...afterWrites]));`);
      const ncc = createRequire(import.meta.url)('@vercel/ncc') as (e: string, o: object) => Promise<{ code: string; assets: Record<string, unknown> }>;
      const { code, assets } = await ncc(entry, { esm: false, minify: true, quiet: true });
      assert.deepEqual(Object.keys(assets).filter((name) => name.endsWith('.js')), [], 'no chunk beside the bundle');
      assert.ok(code.length < 40_000, `@actions/core bundles to ${code.length} bytes`);
      writeFileSync(join(dir, 'index.cjs'), code);
      const summary = join(dir, 'summary.md');
      const output = join(dir, 'output');
      writeFileSync(summary, '');
      writeFileSync(output, '');
      const r = spawnSync(process.execPath, [join(dir, 'index.cjs')], { encoding: 'utf8', env: { PATH: process.env['PATH'], GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output } });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.stdout.split('\n'), ['a line', '::add-mask::a-secret', '[]', '']);
      assert.equal(readFileSync(summary, 'utf8'), 'hello');
      assert.match(readFileSync(output, 'utf8'), /^ok<<ghadelimiter_[0-9a-f]{32}\nyes\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('@actions/core patch: lines written to fd 1 directly', () => {
  test('commands and log lines arrive whole and in order, without creating process.stdout (no pipe socket)', () => {
    const r = run(`
      for (let i = 0; i < 200; i++) { core.info('line ' + i); core.setSecret('s3cret-' + i); }
      core.startGroup('g'); core.endGroup();
      core.warning('w');
      const loaded = ['net', 'tty', 'internal/fs/sync_write_stream'].filter((m) => process.moduleLoadList.includes('NativeModule ' + m));
      core.info(JSON.stringify(loaded));
    `);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const expected = [];
    for (let i = 0; i < 200; i++) expected.push(`line ${i}`, `::add-mask::s3cret-${i}`);
    expected.push('::group::g', '::endgroup::', '::warning::w', '[]', '');
    assert.deepEqual(lines, expected);
  });

  test('a full pipe in non-blocking mode (EAGAIN) is waited on: 4 MiB behind a reader that pauses arrive whole and in order', async () => {
    // process.stdout, created first, puts the pipe in non-blocking mode (libuv), as any other writer would.
    const code = `import * as core from '@actions/core';
      process.stdout;
      const line = 'x'.repeat(1000);
      for (let i = 0; i < 4096; i++) core.info(i + ' ' + line);
      core.info('done');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: root, env: { PATH: process.env['PATH'] }, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += String(c)));
    child.stdout.pause();
    // Let the child fill the pipe (64 KiB) and hit EAGAIN, then read everything.
    await new Promise((resume) => setTimeout(resume, 300));
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stdout.resume();
    const status = await new Promise<number | null>((done) => child.on('close', done));
    assert.equal(status, 0, stderr);
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    assert.equal(lines.length, 4098);
    for (let i = 0; i < 4096; i++) assert.equal(lines[i], `${i} ${'x'.repeat(1000)}`);
    assert.deepEqual(lines.slice(4096), ['done', '']);
  });
});
