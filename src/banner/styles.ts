/**
 * The first layer's own rules, on the base stylesheet of the shared root (`ui/base-styles.ts`): the bar, box and
 * modal layouts of the banner. Its sheet comes first in the root; every rule here is more specific than the base
 * rule it refines, so the order of the sheets changes nothing.
 */
export const BANNER_CSS =
  `
.wrap.box{align-items:flex-end;justify-content:flex-end}
.wrap.box.left{justify-content:flex-start}
.wrap.bar{top:auto;padding:0}
.box .banner{width:min(26rem,100%)}
.bar .banner{width:100%;border-radius:0;border-width:1px 0 0;max-height:70vh}
.away .banner{transform:translateY(calc(100% + 2rem))}
.bar .in{max-width:72rem;margin:0 auto;display:flex;flex-wrap:wrap;gap:var(--space);align-items:center}
.bar .txt{flex:1 1 28rem}
.bar .actions{flex:1 1 24rem}` +
  // The choices stay in view when the text has to scroll (small screens); focus scrolls clear of them.
  `.banner .actions{position:sticky;bottom:0;background:var(--bg);box-shadow:0 0 0 .5rem var(--bg)}
.panel.banner{scroll-padding-bottom:4rem}
.parties{margin:0 0 .5rem}.parties summary{padding:0}.parties ul{margin:.25rem 0 0;font-size:.875rem;color:var(--muted)}
.gpc{border-inline-start:.25rem solid var(--accent);padding-inline-start:.5rem}
.btn[aria-busy]{cursor:progress}.btn[aria-busy]:after{content:"…"}
@media (max-width:40rem){.panel.banner{padding:.75rem}}
@media (max-width:22rem){.panel.banner{scroll-padding-bottom:10.5rem}}
`;
