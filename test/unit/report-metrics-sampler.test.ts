// The resource sampler: /proc and cgroup v2 parsing on fixed texts and a fake cgroup tree, the
// clean fallback without /proc, the summary and its Mermaid charts — and the real sampler process
// on this machine's /proc while two CPU-burning children run: its peak shows the load.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { resourceSummary } from '../../actions/report-metrics/src/sampler/resource-charts.ts';
import { cgroupFigures, cpuTimes, diskBytes, memory, netBytes, readReading } from '../../actions/report-metrics/src/sampler/readings.ts';
import { usagePoints } from '../../actions/report-metrics/src/metric-model.ts';
import { parseReadings, summarise } from '../../actions/report-metrics/src/sampler/usage.ts';
import { conform } from '../../actions/report-metrics/src/sinks/model.ts';
import { root } from '../../scripts/lib/actions.ts';

const temp = (): string => mkdtempSync(join(tmpdir(), 'sampler-'));

describe('readings', () => {
  test('/proc/stat, meminfo, diskstats (whole disks only) and net/dev (no loopback)', () => {
    assert.deepEqual(cpuTimes('cpu  100 5 50 800 20 1 2 3 0 0\ncpu0 50 2 25 400 10 0 1 1 0 0\n'), { total: 981, idle: 820 });
    assert.deepEqual(memory('MemTotal:       1000 kB\nMemFree:  100 kB\nMemAvailable:    400 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n'), { mem: { total: 1_024_000, available: 409_600 }, swap: { total: 0, free: 0 } });
    const block = temp();
    mkdirSync(join(block, 'sda'));
    const stats = ['   8       0 sda 100 0 2000 0 50 0 4000 0 0 0 0', '   8       1 sda1 90 0 1800 0 40 0 3000 0 0 0 0', '   7       0 loop0 5 0 10 0 0 0 0 0 0 0 0'].join('\n');
    assert.deepEqual(diskBytes(stats, block), { read: 2000 * 512, written: 4000 * 512 });
    const dev = 'Inter-|   Receive\n face |bytes packets\n    lo: 999 1 0 0 0 0 0 0 999 1 0 0 0 0 0 0\n  eth0: 1000 10 0 0 0 0 0 0 500 5 0 0 0 0 0 0\n';
    assert.deepEqual(netBytes(dev), { rx: 1000, tx: 500 });
    rmSync(block, { recursive: true });
  });

  test('cgroup v2 figures from the job\'s own cgroup; absent on a v1 or hybrid machine', () => {
    const proc = temp();
    const cg = temp();
    mkdirSync(join(proc, 'self'));
    writeFileSync(join(proc, 'self', 'cgroup'), '0::/system.slice/runner.service\n');
    assert.equal(cgroupFigures({ proc, cgroup: cg, block: cg, workspace: cg }), undefined, 'no cgroup.controllers: not cgroup v2');
    writeFileSync(join(cg, 'cgroup.controllers'), 'cpu memory\n');
    const dir = join(cg, 'system.slice', 'runner.service');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'memory.current'), '52428800\n');
    writeFileSync(join(dir, 'memory.peak'), '104857600\n');
    writeFileSync(join(dir, 'memory.max'), 'max\n');
    writeFileSync(join(dir, 'cpu.stat'), 'usage_usec 123456\nuser_usec 100000\n');
    writeFileSync(join(dir, 'memory.events'), 'low 0\noom 1\noom_kill 1\n');
    assert.deepEqual(cgroupFigures({ proc, cgroup: cg, block: cg, workspace: cg }), { memory: 52_428_800, peak: 104_857_600, cpuUsec: 123_456, oomKills: 1 });
    rmSync(proc, { recursive: true });
    rmSync(cg, { recursive: true });
  });

  test('without /proc: CPU, memory and load from node:os, a note says disk and network are missing', () => {
    const none = join(tmpdir(), 'no-such-proc');
    const a = readReading({ proc: none, cgroup: none, block: none, workspace: tmpdir() }, 1000);
    const b = readReading({ proc: none, cgroup: none, block: none, workspace: tmpdir() }, 2000);
    assert.equal(a.source, 'os');
    assert.ok(a.mem && a.cpu && a.fs);
    assert.equal(a.disk, undefined);
    const usage = summarise([a, b]);
    assert.match(usage?.notes.join(' ') ?? '', /no \/proc: .* disk and network figures are not available/);
    assert.match(resourceSummary(usage!), /> this runner has no \/proc/);
  });
});

describe('summary', () => {
  const readings = Array.from({ length: 121 }, (_, i) => ({
    t: 1_000_000 + i * 1000,
    source: 'proc' as const,
    cpu: { total: i * 200, idle: i * 200 - (i > 60 ? i * 190 : i * 20) },
    mem: { total: 1000, available: 600 - (i % 10) },
    load: [i / 10, 0, 0] as [number, number, number],
    net: { rx: i * 1000, tx: i * 10 },
  }));

  test('rates from cumulative counters, peak and mean, and gauges that fit the metric model', () => {
    const usage = summarise(parseReadings(`${readings.map((r) => JSON.stringify(r)).join('\n')}\n{"t":9,"tor`));
    assert.ok(usage);
    assert.equal(usage.readings, 121);
    assert.ok((usage.cpu?.max ?? 0) > 90, `${usage.cpu?.max}`);
    assert.equal(usage.netRx?.max, 1000);
    const { points, problems } = conform(usagePoints(usage, { repository: 'octo/app', workflow_job: 'build' }));
    assert.deepEqual(problems, []);
    assert.deepEqual(points.filter((p) => p.samples.every((s) => s.timestampMs === undefined)).map((p) => `${p.name}{${p.labels.stat}}`).slice(0, 2), ['actions_suite_runner_cpu_utilization_ratio{max}', 'actions_suite_runner_cpu_utilization_ratio{mean}']);
  });

  test('the job summary: a table and offline Mermaid xycharts of at most 60 points that keep the peak', () => {
    const md = resourceSummary(summarise(readings)!);
    assert.match(md, /### Runner resources \(121 readings over 2 min\)/);
    const charts = md.match(/```mermaid\nxychart-beta\n[\s\S]*?```/g) ?? [];
    assert.equal(charts.length, 3);
    const cpu = charts[0] ?? '';
    assert.match(cpu, /title "CPU busy \(%\)"/);
    const values = (/line \[([^\]]*)\]/.exec(cpu)?.[1] ?? '').split(', ').map(Number);
    assert.ok(values.length <= 60 && values.length > 10);
    assert.ok(Math.max(...values) > 90);
    assert.doesNotMatch(md, /https?:\/\//, 'nothing to fetch');
  });
});

describe('the sampler process on this machine', () => {
  test('from its bundle entry source, every 200 ms; two CPU burners show as the peak; SIGTERM writes a last reading and ends it', async () => {
    const dir = temp();
    const file = join(dir, 'readings.jsonl');
    const sampler = spawn(process.execPath, [join(root, 'actions/report-metrics/src/sampler/process.ts'), file, '200', dir], { stdio: 'ignore' });
    try {
      await sleep(1_000);
      const burn = 'const end = Date.now() + 2500; while (Date.now() < end);';
      const burners = [0, 1].map(() => spawn(process.execPath, ['-e', burn], { stdio: 'ignore' }));
      await Promise.all(burners.map((b) => new Promise((resolve) => b.on('exit', resolve))));
      await sleep(600);
    } finally {
      sampler.kill('SIGTERM');
      await new Promise((resolve) => sampler.on('exit', resolve));
    }
    const usage = summarise(parseReadings(readFileSync(file, 'utf8')));
    rmSync(dir, { recursive: true });
    assert.ok(usage && usage.readings >= 15, `${usage?.readings} readings`);
    assert.equal(usage.source, 'proc');
    // Two busy children on a two-core machine: whatever else runs, some interval is nearly all busy.
    assert.ok((usage.cpu?.max ?? 0) >= 80, `peak CPU ${usage.cpu?.max?.toFixed(1)} %`);
    assert.ok((usage.memory?.max ?? 0) > 0 && (usage.load?.max ?? 0) > 0);
  });

  test('run bare it refuses with a usage line and exit code 2', async () => {
    const child = spawn(process.execPath, [join(root, 'actions/report-metrics/src/sampler/process.ts')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /^usage: sampler <readings-file>/);
  });
});
