import type { FindingStatus } from './classify.js';
import type { PageReport, ScanReport } from './types.js';

const STATUS_TEXT: Record<FindingStatus, string> = {
  own: 'samtykke itself',
  necessary: 'declared necessary',
  declared: 'declared',
  undeclared: 'known vendor, not declared',
  unknown: 'unknown',
  site: 'the site itself',
};

const CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bad: #a40e26; --bad-bg: #ffebe9;
  --warn: #7d4e00; --warn-bg: #fff8c5; --ok: #116329; --ok-bg: #dafbe1; }
body { font: 15px/1.5 system-ui, sans-serif; color: var(--ink); margin: 0 auto; padding: 1.5rem; max-width: 75rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin-top: 2rem; } h3 { font-size: 1.05rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; margin: 1rem 0; padding: 0; list-style: none; }
.summary li { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
.summary strong { display: block; font-size: 1.8rem; line-height: 1.1; }
.summary .bad { background: var(--bad-bg); border-color: var(--bad); color: var(--bad); }
.summary .warn { background: var(--warn-bg); border-color: var(--warn); color: var(--warn); }
.summary .ok { background: var(--ok-bg); border-color: var(--ok); color: var(--ok); }
.verdict { font-weight: 600; padding: .75rem 1rem; border-radius: .5rem; }
.verdict.bad { background: var(--bad-bg); color: var(--bad); } .verdict.ok { background: var(--ok-bg); color: var(--ok); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.wrap { overflow-wrap: anywhere; max-width: 28rem; }
.tag { display: inline-block; padding: 0 .4rem; border-radius: .25rem; font-size: .8rem; white-space: nowrap; }
.tag.leak { background: var(--bad-bg); color: var(--bad); font-weight: 600; }
.tag.undeclared, .tag.unknown { background: var(--warn-bg); color: var(--warn); }
.tag.declared, .tag.necessary, .tag.own { background: var(--ok-bg); color: var(--ok); }
details { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem; margin: .5rem 0; }
summary { cursor: pointer; font-weight: 600; }
code { font-size: .85rem; }
`;

function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function table(caption: string, header: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p>${escapeHtml(empty)}</p>`;
  const head = header.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td class="wrap">${cell}</td>`).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function status(value: FindingStatus, leak = false): string {
  const label = `<span class="tag ${value}">${escapeHtml(STATUS_TEXT[value])}</span>`;
  return leak ? `<span class="tag leak">before consent</span> ${label}` : label;
}

const service = (id: string | undefined, category: string | undefined) =>
  id
    ? `${escapeHtml(id)}${category ? ` <small>(${escapeHtml(category)})</small>` : ''}`
    : category
      ? escapeHtml(category)
      : '–';

function pageSection(page: PageReport): string {
  const leaks = [...page.requests, ...page.cookies, ...page.storage].filter((finding) => finding.leak).length;
  const title = `${page.url} — ${page.cookies.length} cookies, ${page.storage.length} storage keys, ${page.requests.length} tracked requests${leaks ? `, ${leaks} before consent` : ''}`;
  const notes = page.notes.length
    ? `<ul>${page.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`
    : '';
  return `<details${leaks ? ' open' : ''}><summary>${escapeHtml(title)}</summary>
<p>HTTP ${page.status} · depth ${page.depth} · ${page.samtykke ? (page.accepted ? 'samtykke ran; Accept all clicked' : 'samtykke ran; Accept all not reached') : 'no samtykke on the page'}</p>${notes}
${table(
  'Cookies',
  ['Name', 'Domain', 'Path', 'Expires', 'Party', 'When', 'Set by', 'Service', 'Status'],
  page.cookies.map((cookie) => [
    `<code>${escapeHtml(cookie.name)}</code>`,
    escapeHtml(cookie.domain),
    escapeHtml(cookie.path),
    escapeHtml(cookie.expires),
    cookie.party,
    `${cookie.phase} consent`,
    cookie.setBy.map(escapeHtml).join('<br>') || '–',
    service(cookie.service, cookie.category),
    status(cookie.status, cookie.leak),
  ]),
  'No cookies.',
)}
${table(
  'Local storage, session storage and IndexedDB',
  ['Area', 'Key', 'Origin', 'When', 'Service', 'Status'],
  page.storage.map((entry) => [
    entry.area,
    `<code>${escapeHtml(entry.key)}</code>`,
    escapeHtml(entry.origin),
    `${entry.phase} consent`,
    service(entry.service, entry.category),
    status(entry.status, entry.leak),
  ]),
  'Nothing stored.',
)}
${table(
  'Requests to other sites, and to services on the site',
  ['Host', 'URL (no query)', 'Type', 'Initiator', 'When', 'Count', 'Service', 'Status'],
  page.requests.map((request) => [
    escapeHtml(request.host),
    `<code>${escapeHtml(request.url)}</code>`,
    escapeHtml(request.type),
    `<code>${escapeHtml(request.initiator || '–')}</code>`,
    `${request.phase} consent`,
    String(request.count),
    service(request.service, request.category),
    status(request.status, request.leak),
  ]),
  'No requests to other sites or to services.',
)}
</details>`;
}

/** The scan as one self-contained HTML page: summary first, then leaks, undeclared, stale, vendors, pages. */
export function renderHtmlReport(report: ScanReport): string {
  const { summary } = report;
  const bad = summary.leaks > 0 || summary.undeclared > 0;
  const card = (count: number, label: string, kind: string) =>
    `<li class="${count > 0 ? kind : 'ok'}"><strong>${count}</strong>${escapeHtml(label)}</li>`;
  const verdict = bad
    ? `<p class="verdict bad">✘ ${summary.leaks} leak(s) before consent and ${summary.undeclared} undeclared tracker(s).</p>`
    : '<p class="verdict ok">✔ Nothing left the browser or was stored before consent that needs consent, and every tracker seen is declared.</p>';
  const baseline = report.baseline
    ? `<h2 id="baseline">Changes since ${escapeHtml(report.baseline.baseline)}</h2>
${table(
  'New since the baseline',
  ['Finding'],
  report.baseline.added.map((fact) => [escapeHtml(fact)]),
  'Nothing new since the baseline.',
)}
${table(
  'Gone since the baseline',
  ['Finding'],
  report.baseline.removed.map((fact) => [escapeHtml(fact)]),
  'Nothing gone since the baseline.',
)}`
    : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>samtykke-scan: ${escapeHtml(report.startUrls.join(', '))}</title><style>${CSS}</style></head>
<body><main>
<h1>Consent scan of ${escapeHtml(report.startUrls.join(', '))}</h1>
<p class="meta">${escapeHtml(report.startedAt)} to ${escapeHtml(report.finishedAt)} · samtykke config ${report.config.found ? (report.config.error ? `invalid: ${escapeHtml(report.config.error)}` : `revision ${report.config.revision ?? '?'}, ${Object.keys(report.config.services).length} services declared`) : 'not found on the site'}</p>
${verdict}
<ul class="summary" aria-label="Summary">
<li><strong>${summary.pages}</strong>pages scanned</li>
${card(summary.leaks, 'leaks before consent', 'bad')}
${card(summary.undeclared, 'undeclared trackers', 'bad')}
${card(summary.stale, 'stale declarations', 'warn')}
${card(summary.skipped, 'pages skipped', 'warn')}
</ul>
<h2 id="leaks">Leaks before consent</h2>
${table(
  'Requests, cookies and storage before the visitor decided that need consent',
  ['Page', 'Kind', 'What', 'Service', 'Status'],
  report.leaks.map((leak) => [
    escapeHtml(leak.page),
    leak.kind,
    `<code>${escapeHtml(leak.name)}</code>`,
    service(leak.service, leak.category),
    status(leak.status),
  ]),
  'No leaks: nothing that needs consent happened before it.',
)}
<h2 id="undeclared">Undeclared trackers</h2>
${table(
  'Seen on the site but not in its samtykke config',
  ['Kind', 'Id', 'Name', 'Catalogue category', 'Pages', 'Evidence'],
  report.undeclared.map((entry) => [
    entry.kind,
    `<code>${escapeHtml(entry.id)}</code>`,
    escapeHtml(entry.name),
    escapeHtml(entry.category ?? '–'),
    String(entry.pages.length),
    entry.evidence.map(escapeHtml).join('<br>'),
  ]),
  'Every tracker seen is declared.',
)}
<h2 id="stale">Stale declarations</h2>
${table(
  'Declared in the config, seen on no scanned page',
  ['Service', 'Category'],
  report.stale.map((entry) => [`<code>${escapeHtml(entry.service)}</code>`, escapeHtml(entry.category)]),
  'Every declared service was seen.',
)}
${baseline}
<h2 id="vendors">Per vendor</h2>
${table(
  'Every service, vendor and unknown third-party host seen',
  ['Id', 'Name', 'Status', 'Category', 'Pages', 'Before consent', 'Hosts', 'Cookies', 'Storage'],
  report.vendors.map((vendor) => [
    `<code>${escapeHtml(vendor.id)}</code>`,
    escapeHtml(vendor.name),
    status(vendor.status),
    escapeHtml(vendor.category ?? '–'),
    String(vendor.pages),
    vendor.beforeConsent ? '<span class="tag leak">yes</span>' : 'no',
    vendor.hosts.map(escapeHtml).join('<br>') || '–',
    vendor.cookies.map(escapeHtml).join('<br>') || '–',
    vendor.storage.map(escapeHtml).join('<br>') || '–',
  ]),
  'No vendors seen.',
)}
<h2 id="pages">Per page</h2>
${report.pages.map(pageSection).join('\n')}
${table(
  'Pages not scanned',
  ['URL', 'Reason'],
  report.skipped.map((entry) => [escapeHtml(entry.url), escapeHtml(entry.reason)]),
  'No page was skipped.',
)}
</main></body></html>
`;
}
