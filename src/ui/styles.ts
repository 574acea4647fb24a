/** The preferences' and declaration's own rules, on the base stylesheet of the shared root (`base-styles.ts`). */
export const CSS = `
.link{font:inherit;background:none;border:0;padding:.25rem 0;margin-inline-end:1rem;color:var(--accent);text-decoration:underline;cursor:pointer}
h3{font-size:1.0625rem;margin:0}h4{font-size:1rem}
.dialog{display:flex;flex-direction:column;padding:0;width:min(42rem,100%);max-height:calc(100vh - 2*var(--space))}
.dialog .head{display:flex;justify-content:space-between;align-items:flex-start;gap:.5rem;padding:var(--space) var(--space) 0}
.dialog .body{overflow:auto;padding:0 var(--space)}
.dialog .foot{padding:var(--space);border-top:1px solid var(--border)}
.dialog .actions{margin:0}
.x{font:inherit;font-size:1.5rem;line-height:1;width:2.75rem;height:2.75rem;flex:none;margin:-.5rem -.5rem 0 0;border:0;
border-radius:var(--radius);background:none;color:var(--fg);cursor:pointer}
.cat{border-top:1px solid var(--border);padding:.75rem 0}
/* A long title and "Always on" beside it (Finnish at 320 px) wrap between words: the switch goes to the next line
   rather than out of the dialog. */
.row{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.25rem 1rem}
.row>h3,.row>h4{min-width:0}
.row label{font-weight:700;font-size:1.0625rem;cursor:pointer}
.on{display:flex;align-items:center;gap:.5rem;margin-inline-start:auto;color:var(--muted);font-size:.875rem}
.desc{color:var(--muted);margin:.25rem 0}
.switch{appearance:none;-webkit-appearance:none;flex:none;position:relative;width:3rem;height:1.75rem;margin:0;border-radius:1rem;
background:var(--muted);border:2px solid var(--muted);cursor:pointer}
.switch::before{content:"";position:absolute;top:.125rem;left:.125rem;width:1.25rem;height:1.25rem;border-radius:50%;background:var(--bg)}
.switch:checked{background:var(--accent);border-color:var(--accent)}
.switch:checked::before{transform:translateX(1.25rem)}
.switch:disabled{cursor:not-allowed}
.svc{border-inline-start:2px solid var(--border);padding:.25rem 0 .25rem .75rem;margin:.5rem 0}
dl{display:grid;grid-template-columns:fit-content(40%) minmax(0,1fr);gap:.125rem .75rem;margin:0 0 .25rem;font-size:.9375rem}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875em}
.tools{margin-top:.75rem}fieldset{border:0;margin:.5rem 0 0;padding:0}legend{padding:0;margin-bottom:.25rem}
@media (max-width:40rem){.dialog>*{padding-inline:.75rem}}
@media (prefers-reduced-motion:no-preference){.switch::before{transition:transform .15s}}
@media (forced-colors:active){.switch{border:2px solid ButtonText}.switch:checked::before{background:Highlight}}
`;

/**
 * The cookie declaration's default stylesheet, adopted into the page (the declaration lives in the page's DOM and
 * takes its font and colours). A rule weighs at most one class: the page's element rules (a `button {}` reset) do
 * not wreck it, and any rule of the page with a class wins. Colours derive from the text colour, so it suits light
 * and dark pages; the buttons take the banner's
 * `--samtykke-*` properties, and `--samtykke-declaration-*` tune the rest. Below 40rem of its own width (a container
 * query, so a narrow column counts as much as a phone) each service stacks into a card with its labels.
 */
export const DECLARATION_CSS = `
:where(.samtykke-styled){container-type:inline-size;line-height:1.5;overflow-wrap:break-word;
--line:var(--samtykke-declaration-border,color-mix(in srgb,currentColor 28%,transparent));
--meta:var(--samtykke-declaration-muted,color-mix(in srgb,currentColor 78%,transparent));
--shade:var(--samtykke-declaration-shade,color-mix(in srgb,currentColor 5%,transparent));
--r:var(--samtykke-radius,.5rem)}
:where(.samtykke-styled) .samtykke-choice{margin:0 0 1rem}
:where(.samtykke-styled) dl.samtykke-choice{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem}
:where(.samtykke-styled) :where(dt){font-weight:600}
:where(.samtykke-styled) :where(dd){margin:0;min-width:0}
:where(.samtykke-styled) :where(code){font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875em;overflow-wrap:anywhere}
:where(.samtykke-styled) .samtykke-actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1.5rem}
:where(.samtykke-styled) .samtykke-button{font:inherit;font-weight:600;line-height:1.25;min-height:2.75rem;margin:0;
padding:.5rem 1rem;border:2px solid var(--samtykke-button-bg,#1f3a60);border-radius:var(--r);cursor:pointer;
background:var(--samtykke-button-bg,#1f3a60);color:var(--samtykke-button-fg,#fff);overflow-wrap:normal;text-align:center}
:where(.samtykke-styled) .samtykke-button:hover{text-decoration:underline}
:where(.samtykke-styled) .samtykke-withdraw-service{display:block;margin-top:.5rem;background:transparent;color:inherit;
border-color:currentColor;font-size:.875em;min-height:2.75rem;padding:.375rem .75rem;text-align:start}
:where(.samtykke-styled) :where(button,a,[tabindex]):focus-visible{outline:3px solid var(--samtykke-accent,#0b57d0);outline-offset:2px}
:where(.samtykke-styled) .samtykke-category{margin:0 0 2rem}
:where(.samtykke-styled) .samtykke-heading{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem .75rem;margin:0 0 .25rem}
:where(.samtykke-styled) .samtykke-badge{font-size:.8125rem;font-weight:600;padding:.125rem .5rem;border:1px solid var(--line);
border-radius:1rem;white-space:nowrap}
:where(.samtykke-styled) .samtykke-description{margin:0 0 .75rem;color:var(--meta)}
:where(.samtykke-styled) .samtykke-scroll{overflow-x:auto}
:where(.samtykke-styled) :where(table){width:100%;border-collapse:collapse;font-size:.9375em}
:where(.samtykke-styled) :where(th,td){text-align:start;vertical-align:top;padding:.625rem .75rem;border-bottom:1px solid var(--line)}
:where(.samtykke-styled) :where(thead th){font-size:.875em;border-bottom-width:2px;background:var(--shade)}
:where(.samtykke-styled) :where(tbody th){font-weight:600;width:20%}
:where(.samtykke-styled) :where(td){width:28%}
:where(.samtykke-styled) .samtykke-stored{width:34%}
:where(.samtykke-styled) .samtykke-decision{width:18%}
:where(.samtykke-styled) :is(.samtykke-provider,.samtykke-meta,.samtykke-policy){display:block;font-size:.875em;font-weight:400;color:var(--meta)}
:where(.samtykke-styled) .samtykke-policy{margin-top:.25rem;color:inherit}
:where(.samtykke-styled) .samtykke-items{list-style:none;margin:0;padding:0}
:where(.samtykke-styled) .samtykke-items li+li{margin-top:.5rem}
:where(.samtykke-styled) .samtykke-item-purpose{display:block;font-size:.875em}
:where(.samtykke-styled) .samtykke-standing{font-weight:600}
:where(.samtykke-styled) .samtykke-label{display:none}
:where(.samtykke-declaration) .samtykke-sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@container (max-width:40rem){
:where(.samtykke-styled) dl.samtykke-choice{grid-template-columns:minmax(0,1fr);gap:0}
:where(.samtykke-styled) :where(dd){margin-bottom:.5rem}
:where(.samtykke-styled) :where(table,tbody,tr,th,td){display:block}
:where(.samtykke-styled) :where(thead){position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
:where(.samtykke-styled) :where(tbody tr){border:1px solid var(--line);border-radius:var(--r);padding:.75rem;margin:0 0 .75rem}
:where(.samtykke-styled) :where(th,td){border:0;padding:0;width:auto}
:where(.samtykke-styled) :where(td){margin-top:.625rem}
:where(.samtykke-styled) :is(.samtykke-stored,.samtykke-decision){width:auto}
:where(.samtykke-styled) :where(tbody th){font-size:1.0625em}
:where(.samtykke-styled) .samtykke-label{display:block;font-size:.8125em;font-weight:600;color:var(--meta)}
:where(.samtykke-styled) .samtykke-withdraw-service{width:100%}}
`;
