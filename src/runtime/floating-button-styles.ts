/**
 * The floating "cookie settings" button's stylesheet, in its own shadow root: a round button in a page corner,
 * coloured by the same `--samtykke-*` custom properties as the banner, with light and dark defaults.
 */
export const FLOATING_BUTTON_CSS = `
:host{all:initial}
:host([hidden]){display:none}
button{position:fixed;z-index:2147482999;bottom:1rem;left:1rem;width:2.75rem;height:2.75rem;padding:.5rem;margin:0;
border:2px solid var(--samtykke-button-fg,#fff);border-radius:50%;cursor:pointer;box-shadow:0 .125rem .5rem rgb(0 0 0/.3);
background:var(--samtykke-button-bg,#1f3a60);color:var(--samtykke-button-fg,#fff)}
.bottom-right{left:auto;right:1rem}
svg{display:block;width:100%;height:100%}
button:focus-visible{outline:3px solid var(--samtykke-accent,#0b57d0);outline-offset:2px}
@media (prefers-color-scheme:dark){button{background:var(--samtykke-button-bg,#cfe0ff);color:var(--samtykke-button-fg,#0c1a30);
border-color:var(--samtykke-button-fg,#0c1a30)}}
`;
