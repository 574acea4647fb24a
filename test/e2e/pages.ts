/** Test pages with the vendors' own published snippets and every injection technique page code uses. */
import { loaderHead } from './harness.js';

export const CONFIG = {
  controller: { name: 'Fjordkaffe AS' },
  categories: {
    statistics: { services: ['google-analytics', 'hotjar', 'microsoft-clarity', 'matomo-cloud', 'google-tag-manager'] },
    marketing: {
      services: ['meta-pixel', 'youtube', 'vimeo', 'google-maps', 'linkedin-insight', 'tiktok-pixel', 'microsoft-uet'],
    },
  },
};

/** GA4's gtag.js snippet as Google publishes it. */
export const GA4_SNIPPET = `<script async src="https://www.googletagmanager.com/gtag/js?id=G-TEST123"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date()); gtag('config', 'G-TEST123');</script>`;

/** Hotjar's tracking code as Hotjar publishes it. */
export const HOTJAR_SNIPPET = `<script>(function(h,o,t,j,a,r){h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};h._hjSettings={hjid:1234,hjsv:6};a=o.getElementsByTagName('head')[0];r=o.createElement('script');r.async=1;r.src=t+h._hjSettings.hjid+j+h._hjSettings.hjsv;a.appendChild(r);})(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');</script>`;

/** The Meta Pixel base code as Meta publishes it, with its noscript image. */
export const META_SNIPPET = `<script>!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');fbq('init','123');fbq('track','PageView');</script>
<noscript><img height="1" width="1" style="display:none" src="https://www.facebook.com/tr?id=123&ev=PageView&noscript=1"/></noscript>`;

export const YOUTUBE_IFRAME = `<iframe width="560" height="315" src="https://www.youtube.com/embed/abc123" title="Fjordkaffe film" allowfullscreen></iframe>`;

/** The same frame marked for the blocker: the browser has no URL to fetch until it is released. */
export const YOUTUBE_MARKED = YOUTUBE_IFRAME.replace(
  ' src=',
  ' data-category="marketing" data-service="youtube" data-src=',
);

/** Page code that adds trackers after load, one technique each; tagged with `t=` so each request is told apart. */
const INJECT = `<script>
window.__results = {};
window.injectElements = function () {
  var a = document.createElement('script'); a.src = 'https://www.clarity.ms/tag/abc?t=create'; document.head.appendChild(a);
  var b = document.createElement('script'); b.setAttribute('src', 'https://analytics.tiktok.com/i18n/pixel/events.js?t=setattr'); document.head.insertBefore(b, document.head.firstChild);
  var c = document.createElement('script'); c.src = 'https://snap.licdn.com/li.lms-analytics/insight.min.js?t=append'; document.body.append(c);
  var d = document.createElement('script'); d.src = 'https://bat.bing.com/bat.js?t=before'; document.getElementById('anchor').before(d);
  var d2 = document.createElement('script'); d2.src = 'https://bat.bing.com/bat.js?t=after'; document.getElementById('anchor').after(d2);
  var e = document.createElement('script'); e.src = 'https://cdn.matomo.cloud/fjordkaffe.matomo.cloud/matomo.js?t=prepend'; document.body.prepend(e);
  var old = document.createElement('span'); document.body.appendChild(old);
  var f = document.createElement('script'); f.src = 'https://www.googletagmanager.com/gtm.js?id=GTM-1&t=replace'; f.onload = function () { window.__results.gtmOnload = true; }; old.replaceWith(f);
  var g = document.createElement('iframe'); g.src = 'https://www.youtube-nocookie.com/embed/xyz?t=createframe'; g.width = '400'; g.height = '225'; document.body.appendChild(g);
  var box = document.createElement('div'); box.innerHTML = '<iframe src="https://player.vimeo.com/video/1?t=inner"></iframe><img alt="" src="https://www.facebook.com/tr?id=1&t=innerimg">'; document.body.appendChild(box);
  box.insertAdjacentHTML('beforeend', '<iframe src="https://www.youtube.com/embed/adj?t=adjacent"></iframe>');
};
window.injectNetwork = function () {
  new Image().src = 'https://px.ads.linkedin.com/collect?t=image';
  window.__results.beacon = navigator.sendBeacon('https://region1.google-analytics.com/g/collect?t=beacon', 'x');
  fetch('https://analytics.tiktok.com/api/v2/pixel?t=fetch', { method: 'POST', body: 'x', mode: 'no-cors' }).then(function () { window.__results.fetch = 'ok'; }, function (e) { window.__results.fetch = e.name; });
  var x = new XMLHttpRequest(); x.open('POST', 'https://bat.bing.com/action/0?t=xhr');
  x.onerror = function () { window.__results.xhr = 'error ' + x.readyState + ' ' + x.status; };
  x.onload = function () { window.__results.xhr = 'load ' + x.status; };
  x.send('x');
};
</script>`;

/** document.write during parsing (the only time it does not replace the page). */
const WRITE = `<script>document.write('<script src="https://connect.facebook.net/signals/config/123?t=write"><\\/script><iframe src="https://www.google.com/maps/embed?pb=1&t=writeframe" width="300" height="200"></iframe>');</script>`;

/** The vendors' own snippets, as an owner pastes them, plus a YouTube frame in the HTML. */
export function snippetsPage(config: unknown = CONFIG, extraHead = ''): string {
  return `<!doctype html><html lang="en"><head>${loaderHead(config)}${extraHead}
${GA4_SNIPPET}
${HOTJAR_SNIPPET}
${META_SNIPPET}
</head><body><main><h1>Fjordkaffe</h1>${YOUTUBE_IFRAME}<p>Kaffe fra fjorden.</p></main></body></html>`;
}

/** Trackers added by page code: in the HTML via document.write, and after load by `injectElements()`. */
export function injectionPage(config: unknown = CONFIG, bundle?: string): string {
  return `<!doctype html><html lang="en"><head>${loaderHead(config, bundle)}${INJECT}</head>
<body><main><h1>Fjordkaffe</h1><p id="anchor">Kaffe.</p>${WRITE}</main></body></html>`;
}
