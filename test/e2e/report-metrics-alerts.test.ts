// report-metrics' alerts end to end: one GitHub issue per regressed series (opened, updated while
// it lasts, closed once the newest confirm-runs runs are back to normal) and a real Prometheus
// Alertmanager (Debian's prometheus-alertmanager) whose webhook notifications a receiver in this
// test collects: the alert fires with the series as labels and this run as its link, then resolves.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DAY, seedHistory } from './helpers/metrics-history.ts';
import { metricsWorld, REPO } from './helpers/metrics-world.ts';
import { startAlertReceiver, startService, type AlertReceiver, type Alertmanager } from '../harness/services/index.ts';

let receiver: AlertReceiver;
let am: Alertmanager;
before(async () => {
  receiver = await startAlertReceiver();
  am = await startService('alertmanager', { webhookUrl: receiver.url });
});
after(async () => {
  await am?.stop();
  await receiver?.close();
});

const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('a regression opens one issue and fires an Alertmanager alert; both stay while it lasts and close/resolve after recovery', async (t) => {
  const w = await metricsWorld(t);
  const now = Date.now();
  seedHistory(
    w.gh,
    REPO,
    [{ file: 'build.yml', name: 'Build', pushPerDay: 5, medianMs: 600_000, sigma: 0.08, slowFrom: now - 6.5 * DAY, slowdown: 1.4 }],
    { from: now - 35 * DAY, to: now - 3_600_000, seed: 21 },
  );
  // Basic-auth credentials in the Alertmanager URL: sent as a header, masked everywhere.
  const password = w.h.secret('am-Pa55word-never-logged');
  const amUrl = am.url.replace('http://', `http://ops:${password}@`);
  const inputs = { workflow: 'build.yml', event: 'push', 'regression-threshold': '40', alert: `annotation\nissue\nalertmanager=${amUrl}`, 'confirm-runs': '3' };

  // 1. The regression: one issue, one firing alert.
  const first = await w.report(inputs, { runId: '8101' });
  assert.equal(first.conclusion, 'success', first.stderr);
  assert.equal(first.outputs['regressed'], 'true');
  const issues = w.issues();
  assert.equal(issues.length, 1, 'one issue for the one regressed series');
  const issue = issues[0]!;
  assert.equal(issue.state, 'open');
  assert.match(issue.title, /^Duration regression: octo\/shop build\.yml \(push, default branch\) is \+\d+% slower$/);
  assert.match(issue.body ?? '', /^<!-- actions-suite\/report-metrics series:[A-Za-z0-9_-]+ -->\n\*\*Status: regressed\.\*\*/);
  assert.match(issue.body ?? '', /First slow run: \[#\d+\]\(https:\/\/github\.com\/octo\/shop\/actions\/runs\/\d+\)/);
  assert.deepEqual(issue.labels.map((l) => l.name), ['report-metrics']);
  const firing = await receiver.waitFor((n) => n.status === 'firing' && n.alerts.some((a) => a.labels['repository'] === REPO));
  const alert = firing.alerts.find((a) => a.labels['repository'] === REPO)!;
  assert.deepEqual(
    { alertname: alert.labels['alertname'], workflow: alert.labels['workflow'], event: alert.labels['event'], branch_class: alert.labels['branch_class'], severity: alert.labels['severity'] },
    { alertname: 'WorkflowDurationRegression', workflow: 'build.yml', event: 'push', branch_class: 'default', severity: 'warning' },
  );
  assert.equal(alert.generatorURL, `https://github.com/${REPO}/actions/runs/8101`);
  assert.match(alert.annotations['summary'] ?? '', /build\.yml \(push, default branch\) is \+\d+% slower/);
  const held = (await am.alerts()).find((a) => a.labels['repository'] === REPO);
  assert.ok(Date.parse(held?.endsAt ?? '') > now + 6 * DAY, 'a firing alert lives for the window unless re-sent or resolved');

  // 2. Still regressed: the same issue is updated, no second one; the alert keeps firing.
  const second = await w.report(inputs, { runId: '8102' });
  assert.equal(second.conclusion, 'success', second.stderr);
  assert.equal(w.issues().length, 1);
  assert.match(w.issues()[0]!.body ?? '', /actions\/runs\/8102\)/, 'the body now links the latest evaluation');
  assert.ok(w.gh.requests.some((q) => q.route === 'PATCH /repos/{owner}/{repo}/issues/{issue_number}'));
  assert.equal((await am.alerts()).filter((a) => a.labels['repository'] === REPO && a.status.state === 'active').length, 1);

  // 3. Fixed: three fast runs. The issue closes with a comment, the alert resolves.
  for (let i = 3; i >= 1; i--) {
    const created = now - i * 600_000;
    w.gh.seed.workflowRun(REPO, { name: 'Build', path: '.github/workflows/build.yml', event: 'push', createdAt: iso(created), runStartedAt: iso(created + 2_000), updatedAt: iso(created + 2_000 + 590_000) });
  }
  const third = await w.report(inputs, { runId: '8103' });
  assert.equal(third.conclusion, 'success', third.stderr);
  assert.equal(third.outputs['regressed'], 'false', 'a recovered regression no longer counts as regressed');
  const closed = w.issues()[0]!;
  assert.equal(closed.state, 'closed');
  const comments = (w.gh.state()['repos'] as { fullName: string; comments: { body: string }[] }[]).find((r) => r.fullName === REPO)!.comments;
  assert.match(comments.at(-1)?.body ?? '', /Recovered: the newest 3 runs of octo\/shop build\.yml \(push, default branch\) are back under the baseline/);
  const resolved = await receiver.waitFor((n) => n.status === 'resolved' && n.alerts.some((a) => a.labels['repository'] === REPO && a.labels['workflow'] === 'build.yml'));
  assert.ok(Date.parse(resolved.alerts[0]!.endsAt) <= Date.now());
  assert.equal((await am.alerts()).filter((a) => a.labels['repository'] === REPO && a.status.state === 'active').length, 0);

  // 4. A fourth evaluation does nothing new: no issue reopened, nothing fired.
  const writes = w.gh.requests.filter((q) => q.method !== 'GET').length;
  const fourth = await w.report(inputs, { runId: '8104' });
  assert.equal(fourth.conclusion, 'success', fourth.stderr);
  assert.equal(w.gh.requests.filter((q) => q.method !== 'GET').length, writes);
  assert.equal(w.issues().length, 1);

  assert.deepEqual(w.gh.contractViolations, []);
  w.h.haystack(() => receiver.notifications.map((n, i) => ({ where: `alertmanager notification #${i}`, text: JSON.stringify(n) })));
});

test('a created issue whose answer is lost is found again by its marker, not opened twice', async (t) => {
  const w = await metricsWorld(t);
  const now = Date.now();
  seedHistory(w.gh, REPO, [{ file: 'build.yml', name: 'Build', pushPerDay: 5, medianMs: 600_000, sigma: 0.08, slowFrom: now - 6.5 * DAY, slowdown: 1.4 }], { from: now - 35 * DAY, to: now - 3_600_000, seed: 22 });
  w.gh.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', action: 'apply-then-status', status: 502, from: 1, to: 1 });
  const r = await w.report({ workflow: 'build.yml', event: 'push', 'regression-threshold': '30', alert: 'issue' });
  assert.equal(r.conclusion, 'success', r.stderr);
  assert.equal(w.issues().length, 1, `the retried POST was reconciled:\n${r.stdout}`);
  assert.match(r.stdout, /reconcile found that attempt 1 landed; not re-sending/);
  assert.deepEqual(w.gh.contractViolations, []);
});
