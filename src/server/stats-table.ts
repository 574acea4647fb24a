import type { CategoryCell, ConsentStats, DecisionCell } from './stats.js';

const SUPPRESSED = '<min';

function percent(value: number | null): string {
  return value === null ? SUPPRESSED : `${(value * 100).toFixed(1)}%`;
}

function count(value: number | null): string {
  return value === null ? SUPPRESSED : String(value);
}

const FIGURE = /^(\d+(\.\d+)?%?|<min)$/;

/** Columns padded to their widest cell; columns of figures right-aligned. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const figures = header.map((_, column) => rows.length > 0 && rows.every((row) => FIGURE.test(row[column] ?? '')));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        figures[column] ? cell.padStart(widths[column] as number) : cell.padEnd(widths[column] as number),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const DECISION_HEADER = ['decisions', 'accept', 'refuse', 'customise', 'withdraw', 'GPC'];
const decisionColumns = (cell: DecisionCell) => [
  count(cell.decisions),
  percent(cell.acceptRate),
  percent(cell.refuseRate),
  percent(cell.customiseRate),
  percent(cell.withdrawalRate),
  percent(cell.gpcShare),
];
const categoryColumns = (cell: CategoryCell) => [cell.category, count(cell.decisions), percent(cell.grantRate)];

/** The statistics as plain-text tables for a terminal. */
export function formatStatsTables(stats: ConsentStats): string {
  const scope = [
    stats.site ? `site ${stats.site}` : 'all sites',
    stats.since ? `since ${stats.since}` : 'all time',
    `groups under ${stats.minCount} decisions shown as ${SUPPRESSED}`,
  ].join(', ');
  const sections = [
    `Consent statistics: ${scope}`,
    table(['', ...DECISION_HEADER], [['all', ...decisionColumns(stats.totals)]]),
    `Per ${stats.period}`,
    table(
      [stats.period, ...DECISION_HEADER],
      stats.byPeriod.map((row) => [row.period, ...decisionColumns(row)]),
    ),
    'Per category (share granted, of the decisions that offered it)',
    table(['category', 'decisions', 'granted'], stats.byCategory.map(categoryColumns)),
    'Per banner layer and action',
    table(
      ['layer', 'action', 'decisions', 'share'],
      stats.byLayerAction.map((row) => [
        ['API, signal or embed', 'banner', 'preferences'][row.layer] ?? String(row.layer),
        row.action,
        count(row.decisions),
        percent(row.share),
      ]),
    ),
    'Per language',
    table(
      ['language', ...DECISION_HEADER],
      stats.byLanguage.map((row) => [row.language, ...decisionColumns(row)]),
    ),
    'Per notice revision',
    table(
      ['revision (policy)', ...DECISION_HEADER],
      stats.byRevision.map((row) => [`${row.revision} (${row.policyVersion})`, ...decisionColumns(row)]),
    ),
  ];
  return `${sections.join('\n\n')}\n`;
}
