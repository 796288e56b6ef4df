// report-metrics' list page reader: the wanted fields of each item, straight from the body's bytes,
// agreeing with JSON.parse on what it keeps; anything that is not a whole JSON list page is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyBytes, fetchListPage, readListPage, UnreadablePage } from '../../actions/report-metrics/src/collect/list-page.ts';
import { RUN_FIELDS } from '../../actions/report-metrics/src/facts.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const FIELDS = new Set(['id', 'name', 'labels', 'conclusion', 'n']);

/** What the reader should give: JSON.parse, then the wanted fields that are scalars or lists (nested objects and arrays in lists dropped). */
function expected(text: string, listKey: string, fields: ReadonlySet<string>): { total: number; items: Record<string, unknown>[] } {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const list = (doc[listKey] ?? []) as Record<string, unknown>[];
  return {
    total: typeof doc['total_count'] === 'number' ? doc['total_count'] : 0,
    items: list.map((item) =>
      Object.fromEntries(
        Object.entries(item)
          .filter(([k, v]) => fields.has(k) && (v === null || typeof v !== 'object' || Array.isArray(v)))
          .map(([k, v]) => [k, Array.isArray(v) ? v.filter((x) => x === null || typeof x !== 'object') : v]),
      ),
    ),
  };
}

test('readListPage keeps the wanted scalar fields and steps over the rest, as JSON.parse reads them', () => {
  const pages = [
    '{"total_count":2,"jobs":[{"id":1,"name":"build","labels":["ubuntu-latest","x"],"steps":[{"name":"a"}],"conclusion":null},{"id":2,"name":"t\\u00e9st \\"q\\" \\\\","conclusion":"failure"}]}',
    ' { "jobs" : [ { "runner" : { "name" : "r", "labels" : [ 1 ] } , "n" : -1.5e3 , "id" : 7 } ] , "total_count" : 1 } \n',
    '{"other":{"jobs":[{"id":9}]},"total_count":0,"jobs":[]}',
    '{"jobs":[{"name":"ünïcödé ✓","labels":[],"n":true,"id":0,"conclusion":false}]}',
    '{"total_count":3,"jobs":[{"labels":[{"x":1},"a",[2],null],"name":"esc\\\\","id":3}]}',
  ];
  for (const text of pages) assert.deepEqual(readListPage(bytes(text), 'jobs', FIELDS), expected(text, 'jobs', FIELDS), text);
});

test('readListPage reads a GitHub-shaped run page with the fields a run fact needs', () => {
  const run = (id: number): Record<string, unknown> => ({
    id,
    name: 'CI',
    head_branch: 'main',
    head_sha: 'a'.repeat(40),
    path: '.github/workflows/ci.yml',
    run_number: id,
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    html_url: `https://github.com/o/r/actions/runs/${id}`,
    pull_requests: [],
    created_at: '2026-11-01T10:00:00Z',
    updated_at: '2026-11-01T10:05:00Z',
    run_attempt: 1,
    run_started_at: '2026-11-01T10:00:02Z',
    actor: { login: 'octocat', id: 1, site_admin: false },
    head_commit: { id: 'a'.repeat(40), message: 'fix: "quoted" \\ and\nnewline', author: { name: 'A', email: 'a@example.com' } },
    repository: { id: 5, full_name: 'o/r', owner: { login: 'o' } },
  });
  const text = JSON.stringify({ total_count: 250, workflow_runs: [run(1), run(2), run(3)] });
  const page = readListPage(bytes(text), 'workflow_runs', RUN_FIELDS);
  assert.deepEqual(page, expected(text, 'workflow_runs', RUN_FIELDS));
  assert.equal(page.total, 250);
  assert.deepEqual(Object.keys(page.items[0]!).sort(), [...RUN_FIELDS].sort());
});

test('readListPage refuses what is not one whole JSON list page', () => {
  const bad = [
    '',
    '<html><body>502 Bad Gateway</body></html>',
    '{"total_count":2,"jobs":[{"id":1},{"id":2',
    '{"total_count":2,"jobs":[{"id":1}]}}',
    '{"total_count":2,"jobs":[{"id":1}]} trailing',
    '{"jobs":[{"id":1,}]}',
    '{"jobs":[{"id":01}]}',
    '{"jobs":[{"id":tru}]}',
    '{"jobs":[{"name":"unterminated}]}',
    '{"jobs":[{"id" 1}]}',
    '{"jobs":[1,2]}',
    `{"jobs":[{"x":${'['.repeat(100)}${']'.repeat(100)}}]}`,
  ];
  for (const text of bad) assert.throws(() => readListPage(bytes(text), 'jobs', FIELDS), UnreadablePage, JSON.stringify(text.slice(0, 60)));
});

test('bodyBytes takes a buffered body, a chunked async iterable, and refuses a missing one', async () => {
  const one = bytes('{"a":1}');
  assert.equal(await bodyBytes(one), one);
  const chunked = (async function* () {
    yield bytes('{"total_count":1,');
    yield bytes('"jobs":[{"id":4}]}');
  })();
  assert.deepEqual(readListPage(await bodyBytes(chunked), 'jobs', FIELDS), { total: 1, items: [{ id: 4 }] });
  await assert.rejects(bodyBytes(null), UnreadablePage);
  await assert.rejects(bodyBytes('{"id":1}'), UnreadablePage);
});

test('fetchListPage asks again for an unreadable page, a bounded number of times, and lets other errors through at once', async () => {
  const clock = { now: () => 0, sleep: () => Promise.resolve() };
  const lines: string[] = [];
  const answers = ['<html>proxy error</html>', '{"total_count":1,"jobs":[{"id":1', '{"total_count":1,"jobs":[{"id":1}]}'];
  let calls = 0;
  const page = await fetchListPage('reading a page', () => Promise.resolve(bytes(answers[calls++]!)), 'jobs', FIELDS, { clock, random: () => 0, log: (l) => lines.push(l) });
  assert.deepEqual(page, { total: 1, items: [{ id: 1 }] });
  assert.equal(calls, 3);
  assert.equal(lines.length, 2);

  calls = 0;
  await assert.rejects(
    fetchListPage('reading a page', () => (calls++, Promise.resolve(bytes('<html>'))), 'jobs', FIELDS, { clock, random: () => 0, log: () => {} }),
    (error: unknown) => error instanceof Error && /reading a page|not a JSON list page|expected/.test(error.message + String((error as { cause?: unknown }).cause)),
  );
  assert.equal(calls, 3);

  calls = 0;
  const boom = new Error('HTTP 404');
  await assert.rejects(
    fetchListPage('reading a page', () => (calls++, Promise.reject(boom)), 'jobs', FIELDS, { clock, random: () => 0, log: () => {} }),
    (error: unknown) => error === boom || (error as { cause?: unknown }).cause === boom,
  );
  assert.equal(calls, 1);
});
