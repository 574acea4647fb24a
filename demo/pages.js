// The demo site of Fjordkaffe AS, a fictional Norwegian coffee roaster, in Norwegian (bokmål), Danish and English.

const TEXT = {
  nb: {
    prefix: '',
    title: 'Fjordkaffe – brent ved fjorden',
    lead: 'Vi brenner kaffe i små partier i Florø og sender den til hele Norden.',
    video: 'Se hvordan vi brenner kaffen',
    panel: 'Dette gjorde samtykke på siden',
    ran: 'Kjørte',
    held: 'Holdt tilbake',
    released: 'Sluppet løs',
    notRun: 'ikke kjørt',
    cookies: 'Informasjonskapsler',
    change: 'Endre samtykke',
    owner: 'For eieren: mottatte samtykkekvitteringer',
    home: 'Forsiden',
    policyTitle: 'Informasjonskapsler på fjordkaffe.no',
    policyLead:
      'Her ser du hvilke informasjonskapsler vi bruker, hvem som står bak dem og hvor lenge de lagres. Du kan endre eller trekke tilbake samtykket ditt når som helst.',
    privacyPath: '/personvern',
    privacyTitle: 'Personvernerklæring',
    privacy: [
      'Fjordkaffe AS (org.nr. 999 888 777, et oppdiktet firma) er behandlingsansvarlig for personopplysninger på dette nettstedet.',
      'Statistikk og markedsføring bruker vi bare når du har samtykket. Samtykket kan du endre eller trekke tilbake når som helst, like enkelt som du ga det.',
      'For å kunne vise at du samtykket, lagrer vi en samtykkekvittering: en tilfeldig samtykke-ID, valget ditt, tidspunktet og tekstene du fikk se. IP-adressen din lagres ikke.',
      'Du kan be om innsyn, retting og sletting, og du kan klage til Datatilsynet. Skriv til personvern@fjordkaffe.no.',
    ],
  },
  da: {
    prefix: '/da',
    title: 'Fjordkaffe – ristet ved fjorden',
    lead: 'Vi rister kaffe i små portioner i Florø og sender den til hele Norden.',
    video: 'Se hvordan vi rister kaffen',
    panel: 'Det gjorde samtykke på siden',
    ran: 'Kørte',
    held: 'Holdt tilbage',
    released: 'Frigivet',
    notRun: 'ikke kørt',
    cookies: 'Cookies',
    change: 'Ændr samtykke',
    owner: 'For ejeren: modtagne samtykkekvitteringer',
    home: 'Forside',
    policyTitle: 'Cookies på fjordkaffe.dk',
    policyLead:
      'Her kan du se, hvilke cookies vi bruger, hvem der står bag dem, og hvor længe de gemmes. Du kan til enhver tid ændre eller trække dit samtykke tilbage.',
    privacyPath: '/da/privatlivspolitik',
    privacyTitle: 'Privatlivspolitik',
    privacy: [
      'Fjordkaffe AS (et opdigtet firma) er dataansvarlig for personoplysninger på denne hjemmeside.',
      'Statistik og markedsføring bruger vi kun, når du har givet samtykke. Du kan til enhver tid ændre eller trække dit samtykke tilbage, lige så let som du gav det.',
      'For at kunne dokumentere dit samtykke gemmer vi en samtykkekvittering: et tilfældigt samtykke-id, dit valg, tidspunktet og de tekster, du fik vist. Din IP-adresse gemmes ikke.',
      'Du kan bede om indsigt, berigtigelse og sletning, og du kan klage til Datatilsynet. Skriv til personvern@fjordkaffe.no.',
    ],
  },
  en: {
    prefix: '/en',
    title: 'Fjordkaffe – roasted by the fjord',
    lead: 'We roast coffee in small batches in Florø and ship it across the Nordics.',
    video: 'Watch how we roast our coffee',
    panel: 'What samtykke did on this page',
    ran: 'Ran',
    held: 'Held back',
    released: 'Released',
    notRun: 'not run',
    cookies: 'Cookies',
    change: 'Change consent',
    owner: 'For the owner: consent receipts received',
    home: 'Home',
    policyTitle: 'Cookies on fjordkaffe.com',
    policyLead:
      'This page lists the cookies we use, who sets them and how long they are kept. You can change or withdraw your consent at any time.',
    privacyPath: '/en/privacy',
    privacyTitle: 'Privacy policy',
    privacy: [
      'Fjordkaffe AS (a fictional company) is the controller of personal data on this site.',
      'We use statistics and marketing only once you have consented. You can change or withdraw your consent at any time, as easily as you gave it.',
      'To be able to show that you consented we keep a consent receipt: a random consent id, your choice, the time and the texts you were shown. Your IP address is not stored.',
      'You may ask for access, rectification and erasure, and you may complain to the data protection authority. Write to personvern@fjordkaffe.no.',
    ],
  },
};

export const LANGUAGES = Object.keys(TEXT);

/** Where each language's privacy policy lives (the banner links to it). */
export const privacyPath = (lang) => TEXT[lang].privacyPath;

/** The samtykke config of the demo; stand-in hosts point at this server so the demo runs offline. */
const configScript = (lang) => `<script>
  var here = location.host + '/stand-in/';
  window.samtykkeConfig = {
    revision: 1,
    controller: {
      name: 'Fjordkaffe AS',
      orgNo: 'NO 999 888 777 MVA',
      contact: 'personvern@fjordkaffe.no',
      address: 'Bryggen 1, 5003 Bergen, Norway',
      country: 'NO',
    },
    jurisdiction: 'NO',
    policy: { privacyUrl: '${TEXT[lang].privacyPath}', cookiePolicyUrl: '${TEXT[lang].prefix}/cookies', version: '2026-11-01' },
    language: { default: 'nb' },
    categories: {
      statistics: { services: [
        { id: 'google-analytics', hosts: [here + 'www.googletagmanager.com/gtag/', here + 'region1.google-analytics.com'] },
        { id: 'hotjar', hosts: [here + 'static.hotjar.com'] },
      ] },
      marketing: { services: [
        { id: 'meta-pixel', hosts: [here + 'connect.facebook.net'] },
        { id: 'youtube', hosts: [location.host + '/video'] },
      ] },
    },
    ledger: { endpoint: '/ledger/receipts' },
  };
</script>`;

/** Records what samtykke reports before the page's own scripts run, for the panel. */
const LOG_SCRIPT = `<script>
  window.demoLog = [];
  ['blocked', 'released'].forEach(function (kind) {
    document.addEventListener('samtykke:' + kind, function (event) {
      window.demoLog.push({ kind: kind, url: event.detail.url, service: event.detail.service || event.detail.category });
      if (window.renderDemoPanel) window.renderDemoPanel();
    });
  });
</script>`;

function layout(lang, title, body) {
  const t = TEXT[lang];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${configScript(lang)}
<script src="/dist/samtykke.js"></script>
${LOG_SCRIPT}
<title>${title}</title>
<link rel="stylesheet" href="/demo/site.css">
</head>
<body>
<header class="site-header"><a class="brand" href="${t.prefix}/">☕ Fjordkaffe</a>
<nav aria-label="Language"><a href="/" lang="nb">Norsk</a> <a href="/da/" lang="da">Dansk</a> <a href="/en/" lang="en">English</a></nav></header>
<main>${body}</main>
<footer class="site-footer"><a href="${t.prefix}/cookies">${t.cookies}</a> · <button type="button" class="link" data-samtykke-open>${t.change}</button> · <a href="/owner">${t.owner}</a></footer>
</body>
</html>`;
}

/** The home page: Google Analytics and Hotjar as their vendors publish them, the Meta Pixel marked up, a video. */
export function homePage(lang) {
  const t = TEXT[lang];
  return layout(
    lang,
    t.title,
    `<h1>${t.title}</h1>
<p class="lead">${t.lead}</p>

<!-- Google Analytics 4 as Google publishes it (pointed at the local stand-in), with its one <script src> marked
     type="text/plain": a src written in the HTML is fetched by the browser's preload scanner before any script
     can stop it (docs/blocking.md, limits). The inline part and Hotjar's loader below stay untouched. -->
<script type="text/plain" data-category="statistics" async src="/stand-in/www.googletagmanager.com/gtag/js?id=G-FJORD01"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', 'G-FJORD01');
</script>

<!-- Hotjar, the loader as Hotjar publishes it: it injects its script from code -->
<script>
  (function(h,o,t,j,a,r){
    h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};
    h._hjSettings={hjid:3712,hjsv:6};
    a=o.getElementsByTagName('head')[0];
    r=o.createElement('script');r.async=1;
    r.src='/stand-in/static.hotjar.com/c/hotjar-'+h._hjSettings.hjid+'.js?sv='+h._hjSettings.hjsv;
    a.appendChild(r);
  })(window,document);
</script>

<!-- Meta Pixel, marked up for samtykke by hand -->
<script type="text/plain" data-category="marketing" data-service="meta-pixel" data-src="/stand-in/connect.facebook.net/en_US/fbevents.js"></script>

<section aria-labelledby="video-title">
<h2 id="video-title">${t.video}</h2>
<iframe title="${t.video}" width="560" height="315" data-src="/video/roasting" data-category="marketing" data-service="youtube"></iframe>
</section>

<section class="panel" aria-labelledby="panel-title">
<h2 id="panel-title">${t.panel}</h2>
<ul id="vendors">
  <li data-vendor="Google Analytics">Google Analytics: <strong>${t.notRun}</strong></li>
  <li data-vendor="Hotjar">Hotjar: <strong>${t.notRun}</strong></li>
  <li data-vendor="Meta Pixel">Meta Pixel: <strong>${t.notRun}</strong></li>
</ul>
<ol id="blocker-log" aria-live="polite"></ol>
</section>
<script>
  function markRan(name) {
    var item = document.querySelector('[data-vendor="' + name + '"] strong');
    if (item) { item.textContent = ${JSON.stringify(t.ran)}; item.className = 'ran'; }
  }
  (window.demoRan || []).forEach(markRan);
  document.addEventListener('demo:vendor-ran', function (e) { markRan(e.detail); });
  window.renderDemoPanel = function () {
    var list = document.getElementById('blocker-log');
    list.innerHTML = '';
    window.demoLog.forEach(function (entry) {
      var li = document.createElement('li');
      li.textContent = (entry.kind === 'blocked' ? ${JSON.stringify(t.held)} : ${JSON.stringify(t.released)}) + ': ' + entry.service + ' – ' + entry.url;
      list.appendChild(li);
    });
  };
  window.renderDemoPanel();
</script>`,
  );
}

/** The cookie policy page: the declaration table and the way back to the choice. */
export function cookiePage(lang) {
  const t = TEXT[lang];
  return layout(
    lang,
    t.policyTitle,
    `<h1>${t.policyTitle}</h1>
<p>${t.policyLead}</p>
<div data-samtykke-declaration data-heading-level="2"></div>
<p><button type="button" data-samtykke-open>${t.change}</button></p>`,
  );
}

/** The privacy policy the banner links to, in the page's language. */
export function privacyPage(lang) {
  const t = TEXT[lang];
  return layout(lang, t.privacyTitle, `<h1>${t.privacyTitle}</h1>\n${t.privacy.map((p) => `<p>${p}</p>`).join('\n')}`);
}

/** The owner's page: receipts the ledger endpoint stored and whether the chain verifies. */
export function ownerPage(receipts, verification) {
  const rows = receipts
    .map(
      (
        r,
      ) => `<tr><td>${r.seq}</td><td>${escapeHtml(r.receivedAt)}</td><td><code>${escapeHtml(r.recordId ?? '–')}</code></td>
<td>${escapeHtml(r.state ?? 'erased')}</td><td>${escapeHtml(r.action ?? '')}</td><td>${escapeHtml(r.granted ?? '')}</td><td>${escapeHtml(r.language ?? '')}</td></tr>`,
    )
    .join('\n');
  const status = verification.ok
    ? `<p class="ok">✔ The chain of ${verification.checked} receipts verifies: no record altered, deleted, inserted or reordered.</p>`
    : `<div class="bad"><p>✘ The ledger does not verify:</p><ul>${verification.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Consent receipts – Fjordkaffe</title><link rel="stylesheet" href="/demo/site.css"></head>
<body><header class="site-header"><a class="brand" href="/">☕ Fjordkaffe</a></header><main>
<h1>Consent receipts received</h1>
${status}
<p><a href="/owner/stats">Consent statistics</a>: how visitors choose, without tracking anyone.</p>
<table><caption>Newest first, as stored by the ledger endpoint (SQLite)</caption>
<thead><tr><th scope="col">Seq</th><th scope="col">Received</th><th scope="col">Consent id</th><th scope="col">State</th><th scope="col">Action</th><th scope="col">Granted</th><th scope="col">Language</th></tr></thead>
<tbody>${rows || '<tr><td colspan="7">No receipts yet: make a choice on the home page.</td></tr>'}</tbody></table>
</main></body></html>`;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
