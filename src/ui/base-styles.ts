/**
 * What the first layer and the preferences both stand on, in the shadow root they share: every colour, radius,
 * font and spacing comes from a `--samtykke-*` custom property (they inherit through the shadow boundary), with
 * light and dark defaults; `:host { all: initial }` keeps the page's CSS out. Adopted once per root, by whichever
 * layer makes it (`shadow-host.ts`); each layer's file carries it, so either can show without the other.
 */
export const BASE_CSS =
  `
:host{all:initial;
--bg:var(--samtykke-bg,#fff);--fg:var(--samtykke-fg,#1b1f24);--muted:var(--samtykke-muted,#4a5360);
--accent:var(--samtykke-accent,#0b57d0);--btn-bg:var(--samtykke-button-bg,#1f3a60);--btn-fg:var(--samtykke-button-fg,#fff);
--border:var(--samtykke-border,#8a94a3);--backdrop:var(--samtykke-backdrop,rgb(0 0 0/.55));
--radius:var(--samtykke-radius,.5rem);--font:var(--samtykke-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);
--space:var(--samtykke-space,1rem);--shadow:var(--samtykke-shadow,0 .25rem 1.5rem rgb(0 0 0/.25))}
@media (prefers-color-scheme:dark){:host{
--bg:var(--samtykke-bg,#1c1f24);--fg:var(--samtykke-fg,#eef1f5);--muted:var(--samtykke-muted,#b4bcc8);
--accent:var(--samtykke-accent,#8ab4f8);--btn-bg:var(--samtykke-button-bg,#cfe0ff);--btn-fg:var(--samtykke-button-fg,#0c1a30);
--border:var(--samtykke-border,#6b7584);--backdrop:var(--samtykke-backdrop,rgb(0 0 0/.7))}}
*{box-sizing:border-box}
.wrap{position:fixed;z-index:var(--samtykke-z-index,2147483000);inset:0;display:flex;padding:var(--space);pointer-events:none;
font:400 1rem/1.5 var(--font);color:var(--fg);text-align:start}
.wrap>*{pointer-events:auto}
.modal{align-items:center;justify-content:center;overflow:auto}
.forced{pointer-events:auto;background:var(--backdrop)}
.panel{background:var(--bg);color:var(--fg);box-shadow:var(--shadow);border:1px solid var(--border);border-radius:var(--radius);
padding:var(--space);width:min(36rem,100%);max-height:100%;overflow:auto}
h2,h3,h4{margin:0 0 .5rem;line-height:1.25;font-weight:700}
h2{font-size:1.25rem}
p{margin:0 0 .5rem}
a{color:var(--accent);text-decoration:underline;text-underline-offset:.15em}
.links a{margin-inline-end:1rem}` +
  // Equal buttons that wrap between words only: each grows from zero but never below its longest word, and a
  // button whose longest word does not fit beside the others goes to the next line instead of breaking it.
  `.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}
.btn{flex:1 1 0;min-width:min-content;font:inherit;font-weight:600;line-height:1.25;min-height:2.75rem;margin:0;padding:.5rem;
border:2px solid var(--btn-bg);border-radius:var(--radius);background:var(--btn-bg);color:var(--btn-fg);cursor:pointer;
overflow-wrap:normal;word-break:normal;hyphens:manual}
.btn:hover{text-decoration:underline}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
details{margin-top:.25rem}
summary{cursor:pointer;color:var(--accent);padding:.25rem 0;width:max-content;max-width:100%}
ul{margin:0;padding-inline-start:1.25rem}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (max-width:40rem){.wrap{font-size:.9375rem;line-height:1.4}.wrap:not(.bar){padding:.5rem}h2{font-size:1.125rem}}
@media (max-width:22rem){.btn{flex-basis:100%}}` +
  // A rise, not a fade: a panel that starts transparent is not seen in the frame that first paints it.
  `@media (prefers-reduced-motion:no-preference){.panel{animation:samtykke-in .2s ease-out}}
@keyframes samtykke-in{from{transform:translateY(.5rem)}}
@media (forced-colors:active){.btn{border:2px solid ButtonText}}
`;
