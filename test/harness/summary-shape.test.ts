// The summary checker catches each shape problem a reader would see, and passes clean markdown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sections, summaryProblems } from './summary-shape.ts';

test('clean markdown has no problems; sections carry their text and tables', () => {
  const md = ['### deploy: failure — bad input', '', '**What failed:** the input `x` \\| y', '', '<sub>a footnote</sub><br>', '', '| input | problem |', '|---|---|', '| x | not set |', '', '#### Execution record', '', '| a | b |', '|---|---|', '| 1 | 2 |', ''].join('\n');
  assert.deepEqual(summaryProblems(md), []);
  const s = sections(md);
  assert.deepEqual(s.map((x) => x.heading), ['deploy: failure — bad input', 'Execution record']);
  assert.equal(s[0]!.text, 'What failed: the input x | y\n<sub>a footnote</sub><br>\n');
  assert.deepEqual(s[0]!.tables, [{ line: 7, header: ['input', 'problem'], rows: [['x', 'not set']] }]);
  assert.deepEqual(s[1]!.tables[0]!.rows, [['1', '2']]);
});

test('each shape problem is found, with its line', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty header row', '### h\n\n| | |\n|---|---|\n| a | b |\n', /^line 3: an empty header row \(2 unlabelled columns\)$/],
    ['one unlabelled column', '### h\n\n| a | |\n|---|---|\n| 1 | 2 |\n', /^line 3: header cell 2 of 2 is empty$/],
    ['a row wider than its header (an unescaped pipe)', '### h\n\n| a | b |\n|---|---|\n| x | y | z |\n', /^line 5: a row of 3 cells under 2 columns$/],
    ['a row narrower than its header', '### h\n\n| a | b |\n|---|---|\n| x |\n', /^line 5: a row of 1 cells under 2 columns$/],
    ['delimiter row does not match: not a table at all', '### h\n\n| a | b |\n|---|\n| 1 | 2 |\n', /^line 3: a table row outside any table/],
    ['a table with no heading: the unlabelled numbers table', '\n| a | b |\n|---|---|\n| 1 | 2 |\n', /^line 2: a table with no heading above it/],
    ['raw HTML from an unescaped value', '### h\n\nref <img src=x onerror=alert(1)> <sub>ok</sub>\n', /^line 3: raw HTML "<img/],
    ['a formatting tag with attributes', '### h\n\n<sub onclick=x>a</sub>\n', /^line 3: raw HTML "<sub onclick/],
  ];
  for (const [label, md, expected] of cases) {
    const problems = summaryProblems(md);
    assert.equal(problems.length, 1, `${label}: ${JSON.stringify(problems)}`);
    assert.match(problems[0]!, expected, label);
  }
});
