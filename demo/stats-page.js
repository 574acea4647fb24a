// The owner's consent statistics: `storage.stats()` (aggregates only, small groups suppressed) drawn as inline
// SVG charts, each followed by the same figures as a table for screen readers and for copying.

const INK = '#1d2a33';
const BAR = '#0b5d7a';
const MUTED = '#56646e';
const SERIES = [
  ['acceptRate', 'Accept all', '#0b5d7a'],
  ['refuseRate', 'Reject all', '#8a1c1c'],
  ['customiseRate', 'Own selection', '#6b4e00'],
  ['withdrawalRate', 'Withdrawn', '#4a4f8c'],
];
const LAYERS = ['API, signal or embed', 'Banner', 'Preferences'];

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const percent = (value) => (value === null ? 'suppressed' : `${(value * 100).toFixed(1)} %`);
const count = (value) => (value === null ? 'suppressed' : String(value));

/** A chart and its table alternative; the SVG is named by its title, the table holds every figure. */
function figure(id, title, svg, head, rows) {
  const table = `<div class="scroll" tabindex="0" role="region" aria-label="${escapeHtml(title)}: the figures"><table><caption>${escapeHtml(title)}: the figures</caption>
<thead><tr>${head.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((row) => `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`).join('\n')}</tbody></table></div>`;
  return `<figure class="chart" aria-labelledby="${id}-title">
<h2 id="${id}-title">${escapeHtml(title)}</h2>
${svg}
<details><summary>Table of “${escapeHtml(title)}”</summary>${table}</details>
</figure>`;
}

/** Vertical bars, one per label; a suppressed value is a dashed outline marked "<min". */
function columns(id, title, items) {
  const width = 640;
  const height = 220;
  const top = 16;
  const bottom = 40;
  const left = 40;
  const max = Math.max(1, ...items.map((item) => item.value ?? 0));
  const step = (width - left) / Math.max(1, items.length);
  const bar = Math.min(48, step * 0.7);
  const y = (value) => top + (height - top - bottom) * (1 - value / max);
  const bars = items
    .map((item, index) => {
      const x = left + index * step + (step - bar) / 2;
      const label = `<text x="${x + bar / 2}" y="${height - bottom + 16}" text-anchor="middle" font-size="11" fill="${INK}">${escapeHtml(item.label)}</text>`;
      if (item.value === null) {
        return `<rect x="${x}" y="${y(max * 0.15)}" width="${bar}" height="${height - bottom - y(max * 0.15)}" fill="none" stroke="${MUTED}" stroke-dasharray="4 3"/>
<text x="${x + bar / 2}" y="${y(max * 0.15) - 4}" text-anchor="middle" font-size="11" fill="${MUTED}">&lt;min</text>${label}`;
      }
      return `<rect x="${x}" y="${y(item.value)}" width="${bar}" height="${height - bottom - y(item.value)}" fill="${BAR}"/>
<text x="${x + bar / 2}" y="${y(item.value) - 4}" text-anchor="middle" font-size="11" fill="${INK}">${item.value}</text>${label}`;
    })
    .join('\n');
  return `<svg role="img" aria-labelledby="${id}-svg" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
<title id="${id}-svg">${escapeHtml(title)}; the figures are in the table below</title>
<line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="${INK}"/>
<text x="${left - 6}" y="${top + 4}" text-anchor="end" font-size="11" fill="${INK}">${max}</text>
<text x="${left - 6}" y="${height - bottom}" text-anchor="end" font-size="11" fill="${INK}">0</text>
${bars}</svg>`;
}

/** Horizontal bars of shares (0–100 %), one row per label, several series side by side. */
function shares(id, title, rows, series) {
  const width = 640;
  const left = 150;
  const rowHeight = 18 * series.length + 14;
  const height = rowHeight * Math.max(1, rows.length) + 30;
  const scale = (value) => (width - left - 60) * value;
  const body = rows
    .map((row, index) => {
      const y0 = 10 + index * rowHeight;
      const name = `<text x="${left - 8}" y="${y0 + 14}" text-anchor="end" font-size="12" fill="${INK}">${escapeHtml(row.label)}</text>`;
      const bars = series
        .map(([key, , color], s) => {
          const value = row[key];
          const y = y0 + s * 18;
          if (value === null)
            return `<text x="${left}" y="${y + 13}" font-size="11" fill="${MUTED}">suppressed (&lt;min)</text>`;
          return `<rect x="${left}" y="${y}" width="${Math.max(1, scale(value))}" height="14" fill="${color}"/>
<text x="${left + scale(value) + 6}" y="${y + 11}" font-size="11" fill="${INK}">${(value * 100).toFixed(0)} %</text>`;
        })
        .join('\n');
      return name + bars;
    })
    .join('\n');
  const legend =
    series.length > 1
      ? series
          .map(
            ([, label, color], s) =>
              `<rect x="${left + s * 120}" y="${height - 16}" width="10" height="10" fill="${color}"/><text x="${left + s * 120 + 14}" y="${height - 7}" font-size="11" fill="${INK}">${escapeHtml(label)}</text>`,
          )
          .join('')
      : '';
  return `<svg role="img" aria-labelledby="${id}-svg" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
<title id="${id}-svg">${escapeHtml(title)}; the figures are in the table below</title>
${body}${legend}</svg>`;
}

/** The statistics page of the demo's owner view. */
export function statsPage(stats) {
  const totals = stats.totals;
  const summary = totals.suppressed
    ? `<p class="note">Fewer than ${stats.minCount} decisions so far: every figure is suppressed until there are enough that no group is small. Make a few choices on the home page (each in a new private window), then reload.</p>`
    : `<p>${totals.decisions} decisions: ${percent(totals.acceptRate)} accepted all, ${percent(totals.refuseRate)} rejected all, ${percent(totals.customiseRate)} chose their own selection, ${percent(totals.withdrawalRate)} withdrew; ${percent(totals.gpcShare)} came with Global Privacy Control.</p>`;
  const perPeriod = figure(
    'per-day',
    'Decisions per day',
    columns(
      'per-day',
      'Decisions per day',
      stats.byPeriod.map((row) => ({ label: row.period.slice(5), value: row.decisions })),
    ),
    ['Day', 'Decisions', 'Accept all', 'Reject all', 'Own selection', 'Withdrawn', 'GPC'],
    stats.byPeriod.map((row) => [
      row.period,
      count(row.decisions),
      percent(row.acceptRate),
      percent(row.refuseRate),
      percent(row.customiseRate),
      percent(row.withdrawalRate),
      percent(row.gpcShare),
    ]),
  );
  const choices = figure(
    'choices',
    'How visitors chose, per language',
    shares(
      'choices',
      'How visitors chose, per language',
      [{ label: 'All languages', ...totals }, ...stats.byLanguage.map((row) => ({ label: row.language, ...row }))],
      SERIES,
    ),
    ['Language', 'Decisions', ...SERIES.map(([, label]) => label)],
    [{ label: 'All languages', ...totals }, ...stats.byLanguage.map((row) => ({ label: row.language, ...row }))].map(
      (row) => [row.label, count(row.decisions), ...SERIES.map(([key]) => percent(row[key]))],
    ),
  );
  const categories = figure(
    'categories',
    'Share granted, per category',
    shares(
      'categories',
      'Share granted, per category',
      stats.byCategory.map((row) => ({ label: row.category, grantRate: row.grantRate })),
      [['grantRate', 'Granted', BAR]],
    ),
    ['Category', 'Decisions offering it', 'Granted'],
    stats.byCategory.map((row) => [row.category, count(row.decisions), percent(row.grantRate)]),
  );
  const layers = figure(
    'layers',
    'Where and how visitors decided',
    columns(
      'layers',
      'Where and how visitors decided',
      stats.byLayerAction.map((row) => ({
        label: `${LAYERS[row.layer] ?? row.layer}: ${row.action}`,
        value: row.decisions,
      })),
    ),
    ['Layer and action', 'Decisions', 'Share'],
    stats.byLayerAction.map((row) => [
      `${LAYERS[row.layer] ?? row.layer}: ${row.action}`,
      count(row.decisions),
      percent(row.share),
    ]),
  );
  const revisions = `<div class="scroll" tabindex="0" role="region" aria-label="Per notice revision"><table><caption>Per notice revision</caption>
<thead><tr><th scope="col">Revision (policy)</th><th scope="col">Decisions</th><th scope="col">Accept all</th><th scope="col">Reject all</th><th scope="col">Withdrawn</th></tr></thead>
<tbody>${stats.byRevision
    .map(
      (row) =>
        `<tr><th scope="row">${row.revision} (${escapeHtml(row.policyVersion)})</th><td>${count(row.decisions)}</td><td>${percent(row.acceptRate)}</td><td>${percent(row.refuseRate)}</td><td>${percent(row.withdrawalRate)}</td></tr>`,
    )
    .join('')}</tbody></table></div>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Consent statistics – Fjordkaffe</title><link rel="stylesheet" href="/demo/site.css"></head>
<body><header class="site-header"><a class="brand" href="/">☕ Fjordkaffe</a><nav aria-label="Owner"><a href="/owner">Receipts</a></nav></header><main>
<h1>Consent statistics</h1>
<p class="note">Aggregates of the receipts in the ledger, per ${stats.period}; a group with fewer than ${stats.minCount} decisions is suppressed, so no figure is about one visitor. The same figures: <code>samtykke-ledger stats --database .demo-data/ledger.sqlite</code>.</p>
${summary}
${perPeriod}
${choices}
${categories}
${layers}
${revisions}
</main></body></html>`;
}
