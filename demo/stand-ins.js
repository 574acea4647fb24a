// Local stand-ins for the vendors' files, served at /stand-in/<vendor host>/<vendor path> so the demo runs
// offline. Each reports on the page that it ran and sets the cookies the real one sets, so you can watch
// blocking, release and clean-up on withdrawal happen.

const report = (name) =>
  `document.dispatchEvent(new CustomEvent('demo:vendor-ran', { detail: ${JSON.stringify(name)} }));` +
  `(window.demoRan = window.demoRan || []).push(${JSON.stringify(name)});`;
const cookie = (name, value, days) =>
  `document.cookie = '${name}=${value}; path=/; max-age=${days * 86400}; SameSite=Lax';`;

/** Stand-in bodies by vendor host and path prefix. */
export const STAND_INS = [
  {
    host: 'www.googletagmanager.com',
    path: '/gtag/js',
    body: `${report('Google Analytics')}${cookie('_ga', 'GA1.1.1234.5678', 730)}${cookie('_ga_FJORD01', 'GS1.1.1', 730)}${cookie('_gid', 'GA1.1.99', 1)}`,
  },
  {
    host: 'static.hotjar.com',
    path: '/c/hotjar-',
    body: `${report('Hotjar')}${cookie('_hjSessionUser_3712', 'eyJpZCI6IjEifQ', 365)}localStorage.setItem('_hjLocalStorageTest', '1');`,
  },
  {
    host: 'connect.facebook.net',
    path: '/en_US/fbevents.js',
    body: `${report('Meta Pixel')}${cookie('_fbp', 'fb.1.1234.5678', 90)}`,
  },
];

/** The stand-in script for a path under /stand-in/, if there is one. */
export function standIn(pathname) {
  const [, , host = '', ...rest] = pathname.split('/');
  const path = `/${rest.join('/')}`;
  return STAND_INS.find((s) => s.host === host && path.startsWith(s.path))?.body;
}

/** A stand-in for an embedded YouTube player. */
export const VIDEO_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Video</title>
<style>body{margin:0;display:grid;place-items:center;height:100vh;background:#111;color:#eee;font:16px system-ui}</style>
<p>▶ Video player (stand-in for youtube.com)</p><script>parent.postMessage('demo:video-loaded', '*');</script></html>`;
