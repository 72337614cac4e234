import { describe, expect, it } from 'vitest';
import { toCsv, toHtml, toJson, toLatex, toMarkdown } from '../src/index.js';
import { fewShotTable, groupedTable } from './fixtures.js';

describe('toMarkdown', () => {
  it('renders the golden table with n/a, mean ± std and notes', () => {
    expect(toMarkdown(fewShotTable())).toBe(
      [
        '### Few-shot ImageNet (RN50)',
        '',
        'Top-1 accuracy, mean ± std over 3 seeds.',
        '',
        '| Method             | Shots |    Top-1 (%) | Paper (%) |',
        '| :----------------- | ----: | -----------: | --------: |',
        '| Zero-shot          |     0 |        58.18 |       n/a |',
        '| GLA_v1 & 50% #1    |     1 | 61.87 ± 0.16 |     61.87 |',
        '| Ensemble, "output" |    16 |        30.00 |       n/a |',
        '',
        '- Paper cells we cannot verify are n/a.',
        '',
      ].join('\n'),
    );
  });

  it('bolds the best value per column and escapes pipes', () => {
    const t = fewShotTable();
    t.rows[0].method = 'a|b';
    delete t.caption;
    const md = toMarkdown(t, { boldBest: true, headingLevel: 0, pad: false });
    expect(md.startsWith('| Method | Shots |')).toBe(true);
    expect(md).toContain('| a\\|b | 0 | 58.18 | n/a |');
    expect(md).toContain('| **61.87 ± 0.16** |');
    expect(md).not.toContain('**61.87**'); // a single paper number has nothing to beat
  });

  it('leaves repeated group values out and bolds per group', () => {
    expect(toMarkdown(groupedTable(), { boldBest: true })).toBe(
      [
        '### Grouped',
        '',
        '| Dataset  | Method |     Acc. |',
        '| :------- | :----- | -------: |',
        '| ImageNet | ZS     |     60.0 |',
        '|          | GLA    | **70.0** |',
        '| Caltech  | ZS     | **90.0** |',
        '|          | GLA    |     85.0 |',
        '',
      ].join('\n'),
    );
  });
});

describe('toCsv', () => {
  it('writes raw full-precision values, split mean/std/n, n/a and RFC 4180 quoting', () => {
    expect(toCsv(fewShotTable())).toBe(
      [
        'method,shots,acc_mean,acc_std,acc_n,paper',
        'Zero-shot,0,0.5818,n/a,n/a,n/a',
        'GLA_v1 & 50% #1,1,0.6187,0.0016,3,0.6187',
        '"Ensemble, ""output""",16,0.30000000000000004,n/a,n/a,n/a',
        '',
      ].join('\n'),
    );
  });

  it('quotes embedded line breaks and handles an empty table', () => {
    const csv = toCsv({ title: 't', columns: [{ key: 'a', header: 'A' }], rows: [{ a: 'x\ny' }] });
    expect(csv).toBe('a\n"x\ny"\n');
    expect(toCsv({ title: 't', columns: [{ key: 'a', header: 'A' }], rows: [] })).toBe('a\n');
  });

  it('refuses flattened names that clash', () => {
    const t = {
      title: 't',
      columns: [
        { key: 'acc', header: 'A' },
        { key: 'acc_std', header: 'B' },
      ],
      rows: [{ acc: { mean: 1, std: 0, n: 1 }, acc_std: 2 }],
    };
    expect(() => toCsv(t)).toThrow(/acc_std/);
  });
});

describe('toLatex', () => {
  it('renders the golden booktabs float with escaping (fit: none)', () => {
    // Width by hand (cmr10 pt): Ensemble, "output" 87.43 + Shots 23.95 + 61.87 (22.78) and ± 0.16 in script size
    // (0.8 x 32.22) 48.56 + Paper (%) 45.17 + 4 x 12 padding = 253.1; with Paper / (%) on two lines, 233.7.
    expect(toLatex(fewShotTable(), { label: 'tab:fewshot', fit: 'none' })).toBe(
      [
        '% Needs booktabs; natural width about 253 pt.',
        '\\begin{table}[t]',
        '\\centering',
        '\\caption{Few-shot ImageNet (RN50). Top-1 accuracy, mean $\\pm$ std over 3 seeds.}',
        '\\label{tab:fewshot}',
        '\\begin{tabular}{lrrr}',
        '\\toprule',
        'Method & Shots & Top-1 (\\%) & Paper (\\%) \\\\',
        '\\midrule',
        'Zero-shot & 0 & 58.18 & n/a \\\\',
        'GLA\\_v1 \\& 50\\% \\#1 & 1 & 61.87{\\scriptsize\\,$\\pm$\\,0.16} & 61.87 \\\\',
        'Ensemble, "output" & 16 & 30.00 & n/a \\\\',
        '\\bottomrule',
        '\\end{tabular}',
        '\\par\\smallskip',
        '{\\footnotesize Paper cells we cannot verify are n/a.}\\par',
        '\\end{table}',
        '',
      ].join('\n'),
    );
  });

  it('bolds best cells, separates groups with \\midrule, and guards the width of a bare tabular', () => {
    const tex = toLatex(groupedTable(), { float: false, boldBest: true });
    // Width by hand (cmr10): ImageNet 42.21 + Method 33.62 + bold 70.0 (17.78 x 1.15) 20.45 + 6 x 6 padding = 132.3.
    expect(tex).toBe(
      [
        '% Needs booktabs and graphicx; natural width about 132 pt, scaled down only where wider than \\linewidth.',
        '% Grouped',
        '\\ifdefined\\glaTableBox\\else\\newsavebox{\\glaTableBox}\\fi',
        '\\sbox{\\glaTableBox}{%',
        '\\begin{tabular}{llr}',
        '\\toprule',
        'Dataset & Method & Acc. \\\\',
        '\\midrule',
        'ImageNet & ZS & 60.0 \\\\',
        ' & GLA & \\textbf{70.0} \\\\',
        '\\midrule',
        'Caltech & ZS & \\textbf{90.0} \\\\',
        ' & GLA & 85.0 \\\\',
        '\\bottomrule',
        '\\end{tabular}}%',
        '\\noindent\\ifdim\\wd\\glaTableBox>\\linewidth\\resizebox{\\linewidth}{!}{\\usebox{\\glaTableBox}}\\else\\usebox{\\glaTableBox}\\fi',
        '',
      ].join('\n'),
    );
    const best = toLatex(fewShotTable(), { boldBest: true });
    expect(best).toContain('\\textbf{61.87{\\scriptsize\\,$\\pm$\\,0.16}}');
  });

  it('splits long headers onto two lines only when the table is wider than a column', () => {
    const tex = toLatex(fewShotTable());
    expect(tex).toContain('natural width about 234 pt');
    expect(tex).toContain('\\begin{table}[t]');
    expect(tex).toContain('Top-1 (\\%) & \\begin{tabular}[b]{@{}r@{}}Paper\\\\(\\%)\\end{tabular} \\\\');
    expect(toLatex(groupedTable())).toContain('Dataset & Method & Acc. \\\\');
  });
});

describe('toJson', () => {
  it('keeps raw cells, fills column defaults and turns missing cells into null', () => {
    const parsed = JSON.parse(toJson(fewShotTable()));
    expect(parsed.columns[0]).toEqual({ key: 'method', header: 'Method', kind: 'text', signed: false, best: 'none' });
    expect(parsed.columns[2]).toEqual({ key: 'acc', header: 'Top-1 (%)', kind: 'percent', signed: false, best: 'max' });
    expect(parsed.rows[1].acc).toEqual({ mean: 0.6187, std: 0.0016, n: 3 });
    expect(parsed.rows[2].paper).toBeNull();
    expect(parsed.notes).toEqual(['Paper cells we cannot verify are n/a.']);
  });
});

describe('toHtml', () => {
  it('escapes text, right-aligns numbers and prints n/a', () => {
    const html = toHtml({ ...fewShotTable(), title: 'A <b> & c' }, { boldBest: true });
    expect(html).toContain('<caption>A &lt;b&gt; &amp; c<br><small>');
    expect(html).toContain(
      '<td>Ensemble, &quot;output&quot;</td><td class="num">16</td><td class="num">30.00</td><td class="num">n/a</td>',
    );
    expect(html).toContain('<strong>61.87 ± 0.16</strong>');
  });
});
