// Byte budgets, brotli-compressed, checked in CI (`npx size-limit`). Never raise one without a reason in the commit.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const LANGUAGES = ['en', 'nb', 'nn', 'da', 'sv', 'fi', 'is', 'de'];

/**
 * The npm build's files a page downloads to show `part` (`ui`, `banner`) in `lang` once `import 'samtykke'` has
 * run: the part's chunk, the language's texts (and purposes, for the preferences) and what they import
 * statically, without the chunks the entry already loaded.
 */
function npmPart(part, lang, withPurposes) {
  const dir = 'dist/chunks';
  const closure = (files, seen = new Set()) => {
    for (const file of files) {
      if (seen.has(file) || !existsSync(file)) continue;
      seen.add(file);
      const imports = [
        ...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*?from\s*'(\.[^']+)'|^import\s*'(\.[^']+)'/gm),
      ];
      closure(
        imports.map((match) => new URL(match[1] ?? match[2], `file:///${file}`).pathname.slice(1)),
        seen,
      );
    }
    return seen;
  };
  const loaded = closure(['dist/index.js']);
  const starts = [part, `texts.${lang}`, ...(withPurposes ? [`purposes.${lang}`] : [])];
  return [...closure(starts.map((prefix) => `${dir}/${prefix}.js`))].filter((file) => !loaded.has(file));
}

/**
 * A per-site loader as an owner builds it (`samtykke build-loader`) from `test/fixtures/site-configs/<name>.json`,
 * written to test-results/; its file name carries a hash, hence the pattern.
 */
function siteLoader(name) {
  const out = `test-results/site-loaders/${name}`;
  if (existsSync('dist/cli.js') && existsSync('dist/samtykke.site.js')) {
    rmSync(out, { recursive: true, force: true });
    const config = `test/fixtures/site-configs/${name}.json`;
    execFileSync(process.execPath, ['dist/cli.js', 'build-loader', config, '--out', out], { stdio: 'ignore' });
  }
  return `${out}/samtykke.*.js`;
}

export default [
  // The critical loader, sync first in <head> on every page: the trusting config reader, the decision cookie,
  // Consent Mode's defaults, the blocker's interception (every URL attribute and HTML entry point, Trusted Types),
  // the vendor catalogue's ids, categories and hosts (−580 B: names and cookies moved to the runtime) and the call
  // queue of window.Samtykke. Release, placeholders, clean-up, texts, floating button and full validation moved
  // out; it requests the runtime and, for an undecided visitor, the first layer. The target is 6 kB; the
  // interception alone is ~4.5 kB of it (the undeclared-vendors opt-in, the first layer's early request and the dev
  // loader's shared start are in it too). +304 B: workers whose script a rule names get a stand-in that queues
  // their messages until consent (src/blocker/workers.ts). +5 B: policy links read per language. −140 B: what it
  // lends the runtime and the first layer (window.SamtykkeLoader) travels under short names (rollup.config.ts).
  // +57 B: javascript:, data: and vbscript: links refused. −40 B: shared helpers in the reader and the blocker.
  // Where the 10.87 kB go (brotli share; README "What the critical loader's bytes pay for" says why each runs
  // first): blocker 5.17 kB (markup entry points 1.03, element URLs 0.95, composition 0.65, observer 0.53, rules
  // 0.49, patch + Trusted Types 0.47, realms 0.43, network 0.32, workers 0.30), boot + kernel + stub + part loading
  // 1.97, config reader 1.82, decision cookie 0.51, Consent Mode 0.41, vendor hosts 0.37, language choice 0.35,
  // fail closed 0.26. 6 kB needs more than the blocker and the reader could lose without a technique or the
  // fail-closed read.
  // +24 B: where the runtime's decide part (samtykke-decide.js) comes from.
  // +90 B: on a first visit the first layer mounts itself and the runtime is requested once it has painted (or
  // after 1.5 s without a paint).
  // +25 B: a frame that arrives before the runtime keeps its place in the order of release (blocker/held.ts).
  // −76 B (10.91 kB): the fail-closed read searches the config's JSON text only, the markup entry points look for
  // new frames' realms themselves (no second wrapper), ISO_DURATION is no longer lent (full validation's duration
  // test is not a top-level RegExp any more, which kept it in the runtime and decide part too); +21 B of that: the
  // inert document for character references is made on first use, not while the page waits.
  // +32 B (10.94 kB): V8's compile hint (`//# allFunctionsCalledOnLoad`, rollup.config.ts EAGER), main-thread script
  // time of a returning visit 11.0 → 8.1 ms in Chromium 156; the parser observer walks each batch's subtrees once
  // and hands on only elements the URL table names (a 3,600-element page: 33.7 → 30.5 ms).
  // −13 B (10.93 kB): the observer iterates its records' and queries' node lists as they are, without copies.
  // +41 B: fetch, Web Crypto and the clock taken as the loader finds them, for the ledger that loads later (a page
  // script that wraps or replaces them after the loader never sees, times or numbers a receipt), and the reader
  // knowing the keys receipts record for ISO/IEC TS 27560 (controller.address; a service's role, transfer,
  // dataCategories), or a config stating them would fail closed; their checks are in full validation.
  // −110 B (10.86 kB): the jurisdiction, which only receipts record, is found from the controller's country by the
  // reads that record decisions (the decide part, full validation), not by the loader's. +3 B: the vendor table
  // written through one helper instead of fourteen object literals, which brotli liked better.
  // −77 B (10.79 kB): the blocker's installers add how to undo each patch to the interception's one list instead of
  // each returning its own.
  // +20 B (10.81 kB): the start after the config (kernel, parts, window.Samtykke), claiming the window and failing
  // closed are functions of their own, which the per-site loader shares.
  // −2 B (10.81 kB): it lends deepFreeze to the decide part, which completes a per-site loader's config.
  // +23 B (10.83 kB): the cookies of its one document.cookie read kept for the runtime (kernel.cookie.jar), which
  // finds the marker of waiting receipts there instead of reading localStorage (the runtime's line).
  // +38 B (10.87 kB): the first layer requested right after the cookie is read, before the blocker and Consent Mode
  // are prepared (kernel.ts readVisit): at 4× CPU its request left 58–68 ms into the loader's run instead of 112.
  { name: 'critical loader (samtykke.js)', path: 'dist/samtykke.js', limit: '10869 B', brotli: true },
  // The per-site loader (`samtykke build-loader`, docs/site-loader.md): the critical loader with the owner's config
  // checked in full and normalized when the site is built, and compiled in. It carries no config reader, no
  // defaults and no fail-closed read of a broken config: the template alone is 1.79 kB under samtykke.js, and what
  // it weighs on a site is that plus the config it holds, measured with the demo's (4 vendors) and a large shop's
  // (three categories, 15 services of which 4 the owner's own, texts in three languages, rules, regions). The same
  // blocker, cookie read, Consent Mode ordering and the whole vendor host table (undeclared vendors stay held).
  {
    name: 'per-site loader, template (samtykke.site.js)',
    path: 'dist/samtykke.site.js',
    // +20 B (+5 B without Consent Mode, +17 and +19 B with the demo's and a large config): the cookies of the one
    // read kept for the runtime (the critical loader's line).
    // +33 B (+46 B without Consent Mode, +41 and +31 B with the demo's and a large config): the first layer
    // requested before the blocker is prepared (the critical loader's line).
    limit: '9075 B',
    brotli: true,
  },
  // A config with Consent Mode off (`consentMode.enabled: false`) gets a template without its code (−434 B):
  // integrations/consent-mode-off.ts in place of consent-mode.ts, chosen by build-loader. +3 B: deepFreeze lent.
  {
    name: 'per-site loader, template without Consent Mode (samtykke.site.no-consent-mode.js)',
    path: 'dist/samtykke.site.no-consent-mode.js',
    limit: '8643 B',
    brotli: true,
  },
  // −198 B demo, −377 B large: the compiled config leaves out each built-in vendor's cookies and storage keys where
  // they are the catalogue's, which the decide part (the only part that reads them) puts back (core/compiled-config.ts,
  // test/e2e/site-loader-catalogue.test.ts).
  // −5 B demo, −18 B large: the config's booleans written !0 and !1, as the minifier writes the rest (cli/site-loader.ts).
  { name: "per-site loader, the demo's config", path: siteLoader('demo'), limit: '9589 B', brotli: true },
  { name: 'per-site loader, a large config', path: siteLoader('large'), limit: '10646 B', brotli: true },
  // The runtime, async and cached, on every page: what a returning visitor's page runs — the read side of the API,
  // events, the decision store and its cross-tab listener, release (marked scripts, workers, verified markup), the
  // floating button and its label in eight languages, whether receipts wait. It shares the loader's code
  // (window.SamtykkeLoader) instead of carrying a copy. −5.1 kB: making or changing a decision (rules, cookie write,
  // receipts, UI glue, clean-up with the vendors' cookie names, embed placeholders and their texts) moved to
  // samtykke-decide.js, loaded on demand (test/e2e/returning-visit.test.ts). −20 B: ISO_DURATION no longer kept by
  // full validation (the loader's change). +14 B: whether receipts wait is read after the release, not before it.
  // +25 B: V8's compile hint, as the loader has it: nearly every function runs on load, compiled off the main thread
  // while the file streams in (a cold returning visit's main-thread compile −3 to −4 ms CPU, bench/trace-returning.ts).
  // +130 B: the decision store reads document.cookie (a synchronous round trip once any cookie changed) only for
  // a change of its own cookie or a page back from the back/forward cache, and asks cookieStore otherwise.
  // −4 B: the floating button's stylesheet compacted by the build (runtime/floating-button-styles.ts).
  // −5 B: one wait for <body> (one MutationObserver) for the floating button and the declaration's check.
  // −5 B: whether receipts wait is read from the marker cookie samtykke_w in the loader's cookie read, not from
  // localStorage (a returning visit's main-thread script time 7.7 → 7.0 ms warm, 15.8 → 14.5 ms cold, medians of
  // 10, bench/trace-returning.ts); any value but 0, or none, loads the decide part, which looks.
  // −2 B: the decide part is handed the runtime's reading of that marker instead of reading it again.
  { name: 'runtime (samtykke-runtime.js)', path: 'dist/samtykke-runtime.js', limit: '5289 B', brotli: true },
  // What makes or changes a decision, fetched when the visitor must decide or when a change, a held frame, a
  // declaration or waiting receipts need it: the decision rules, the cookie write, the ledger and UI glue, the
  // clean-up with the vendors' names, cookies and storage keys (the page's config read again with them), the embed
  // placeholders and their texts in eight languages. It reads the loader's and the runtime's modules from their
  // globals. +85 B: what the page showed kept as one union of every part's texts, placeholders' text and button
  // included, for the receipt of a choice (core/shown-notice.ts).
  // +44 B: the UI glue hides a first layer it takes over after a choice was made.
  // +40 B: ids and times from the loader's captured Web Crypto and clock.
  // +95 B: the jurisdiction found from the controller's country here, where receipts are made, instead of in the
  // loader every page runs (the loader's −110 B).
  // +336 B: focus kept clear of a banner it takes over (WCAG 2.2 SC 2.4.11, runtime/focus-clear.ts), moved here
  // from the first layer, which loads before the banner can paint (−229 B there); this part loads after it.
  // +165 B: what "Delete my data" did is kept over the reload it causes, and the next page opens the preferences on it.
  // +34 B: a per-site loader's config comes without the built-in vendors' cookies and storage keys, which this part
  // puts back from its catalogue (withCatalogue; the per-site loaders' −198 B / −377 B).
  // +196 B: the marker cookie of waiting receipts kept: set before each write that makes something wait, cleared
  // once the journal and the outbox are both empty, looked at again right before, written for a visitor from before
  // it and removed by "Delete my data" (runtime/lazy-ledger.ts; the runtime's −5 B).
  // +21 B: consent and receipt ids are UUID v7, time-ordered, so the ledger's indexes on them grow at their end
  // (core/ids.ts: half the bytes the server writes per receipt).
  // −29 B: the marker of waiting receipts comes from the runtime (`resume(mayWait)`), one reading of it, not two.
  { name: 'decide part (samtykke-decide.js)', path: 'dist/samtykke-decide.js', limit: '7763 B', brotli: true },
  // What a returning visitor downloads: the loader and the runtime, nothing else (test/e2e/critical-path.test.ts).
  // The target is 11 kB. +440 B: held workers (loader and runtime). +69 B: marked scripts in shadow roots. +20 B: a
  // prototype-free table of URL attributes (markup naming <constructor> broke the rewrite). −85 B: the loader's
  // line above. −5.1 kB: the decide part (samtykke-decide.js) only when a decision is made or changed
  // (test/e2e/returning-visit.test.ts). +90 B: the first layer's own mount (the loader's line). +25 B: frames that
  // arrive before the runtime released in order with page code's scripts (the loader's line). −96 B: the loader's
  // −76 B and the runtime's −20 B (ISO_DURATION); +14 B the runtime's line. +14 B: the loader's compile hint and
  // one-walk observer, net of its −18 B (the loader's line).
  {
    name: 'returning visitor (samtykke.js + samtykke-runtime.js)',
    path: ['dist/samtykke.js', 'dist/samtykke-runtime.js'],
    // +41 B: the loader's line (the captured fetch, crypto and clock; the ISO/IEC TS 27560 keys). −110 B: the
    // loader's line (the jurisdiction read where receipts are made). −77 B: the loader's line (one list of undos).
    // +20 B: the loader's line (its start shared with the per-site loader).
    // +13 B: the runtime lends the name of the erasure report's sessionStorage key, which the declaration lists.
    // +155 B: the runtime's line (its compile hint; fewer synchronous cookie reads).
    // −4 B: the runtime's line (its stylesheet compacted). −5 B: the runtime's line (one wait for <body>).
    // +18 B: the loader's +23 B and the runtime's −5 B (the marker of waiting receipts, read with the cookies).
    // +38 B: the loader's line (the first layer requested before the blocker is prepared).
    limit: '16160 B',
    brotli: true,
  },
  // The first layer, plain DOM, in the visitor's language: title, text, third parties, three buttons, its styles;
  // what the loader carries (language choice, localized texts) it reads from window.SamtykkeLoader (−200 B).
  // +690 B: it mounts itself before the runtime arrives, keeps the visitor's choice for it, and names the built-in
  // vendors and their providers itself (their table picked at build time), which it used to get from the runtime.
  // −229 B (4.79 kB en): keeping focused page content clear of the banner (WCAG 2.2 SC 2.4.11) is the runtime's,
  // added when it takes the banner over (the decide part's line). The DOM stays built with createElement: one
  // template string parsed once was 107 B larger and, through the blocker's markup patch, slower (0.26 against
  // 0.20 ms a show in Chromium).
  ...LANGUAGES.map((lang) => ({
    name: `first layer, ${lang} (samtykke-banner.${lang}.js)`,
    path: `dist/samtykke-banner.${lang}.js`,
    // +15 B (en; +13–20 B elsewhere): V8's compile hint, as the loader and the runtime have it: the file's functions
    // are compiled off the main thread while it streams in, where 42 of them were compiled one by one before the
    // banner could paint (bench/trace-paint.ts --out, V8.CompileCode events after the file ran: 63 → 21).
    // −26 B (en; −20 to −32 B elsewhere): the stylesheets without comments and line breaks (scripts/compact-css.ts).
    // +52 B (en; +45 B is): plural forms of the shipped languages without Intl.PluralRules, whose first use loaded
    // the plural data before the banner could paint, 6.4 ms at 1× CPU (i18n/translate.ts shippedIsOne).
    // −12 B (is): the plural rules made in a function of their own, only when no shipped rule answers.
    limit: '5006 B',
    brotli: true,
  })),
  // +40 B (every language): policy links picked per language in the texts' fallback order. +690 B: as above.
  // +5 B: the purposes listed with each language's "and" (listAnd) instead of Intl.ListFormat, whose first use
  // loads locale data for tens of milliseconds before the banner can paint; −14 B: a smaller adoptStyles.
  // −238 B: focus kept clear by the runtime (as above).
  {
    name: 'first layer, every language (samtykke-banner.js)',
    path: 'dist/samtykke-banner.js',
    // +35 B: V8's compile hint (as above). −52 B: the stylesheets compacted (as above).
    // +47 B: plural forms without Intl.PluralRules (as above).
    limit: '6560 B',
    brotli: true,
  },
  // What a first visit downloads before the banner can paint, each file compressed: the critical loader and the
  // first layer, which mounts itself; the runtime is requested once the banner has painted
  // (test/e2e/critical-path.test.ts measures what really arrived before the paint). The target is 9 kB. +25 B: the
  // loader's line (frames in order). −110 B: the loader's line (the jurisdiction read where receipts are made).
  // −229 B: the first layer's line (focus kept clear by the runtime). −77 B: the loader's line (one list of undos).
  // +20 B: the loader's line (its start shared with the per-site loader). +15–20 B: the first layer's compile hint.
  // −20 to −32 B: the first layer's stylesheets compacted. +23 B: the loader's line (the cookies of its one read).
  ...LANGUAGES.map((lang) => ({
    name: `first visit before the banner, ${lang} (loader + first layer)`,
    path: ['dist/samtykke.js', `dist/samtykke-banner.${lang}.js`],
    // +83 B (is): the loader's and the first layer's lines.
    limit: '15887 B',
    brotli: true,
  })),
  // The UI a visitor downloads: the language picked for them, with the built-in vendors' details and purposes
  // (moved here from the loader, which every page view pays for), and the first layer that names purposes and
  // third parties (+0.7 kB), and the owner's console warnings for settings a regulator would question (+0.25 kB);
  // +20 B: owner texts in the one fallback order shared with the loader and the receipt (core/localized.ts);
  // +2.3 kB: the cookie declaration as a styled table that stacks on phones, with samtykke's own storage, first or
  // third party per cookie and a withdraw control per service (its stylesheet ~1.1 kB, its texts ~0.6 kB); the
  // note on a vendor the owner did not list individually, in the language and English (+160 B for Icelandic, whose
  // letters take two bytes; +360 B for all eight).
  ...LANGUAGES.map((lang) => ({
    name: `UI, ${lang} (samtykke-ui.${lang}.js)`,
    path: `dist/samtykke-ui.${lang}.js`,
    // +250 B (de, fi, is; less elsewhere): each recipient's role and each transfer's ground, eight texts.
    // −97 to −127 B: the stylesheets (base, preferences, declaration) without comments and line breaks.
    // +23 to +71 B (is): the declaration lists the marker cookie of waiting receipts, its lifetime and purpose.
    // +15 B (is): plural forms without Intl.PluralRules (the first layer's line). +7 B: their −12 B there.
    limit: '16242 B',
    brotli: true,
  })),
  // +1.11 kB (every language; +0.47–0.54 kB in one): after "Delete my data" the preferences say what was erased
  // and what the site's ledger keeps, until when and on which ground (GDPR Art. 12(3)); seven sentences a language.
  // +522 B: the declaration lists the erasure report's sessionStorage key, its lifetime and purpose, and names
  // session storage (three texts a language; test/e2e/own-storage-declared.test.ts).
  // +981 B: each recipient's role and each transfer's ground (GDPR Art. 13(1)(e), (f)), eight texts a language
  // (test/e2e/recipients-shown.test.ts).
  // −118 B: the stylesheets compacted (scripts/compact-css.ts).
  // +225 B: the declaration's row for the marker cookie of waiting receipts, its purpose in eight languages.
  // +109 B: plural forms of the eight languages without Intl.PluralRules (the first layer's line). +23 B: their
  // −12 B there.
  { name: 'UI, every language (samtykke-ui.js)', path: 'dist/samtykke-ui.js', limit: '25540 B', brotli: true },
  // The npm path (`import { createSamtykke } from 'samtykke'`): what the first layer and the preferences download
  // in one language, the language's texts a chunk of their own (before: every language, 13.0 kB first layer and
  // 21.2 kB preferences in any). Unminified, as dist/ ships them (the app's bundler minifies), Preact not
  // counted (the app bundles it). The first layer carries the language's whole texts, not only its own keys.
  // 6.44 kB en: focus kept clear of the banner is the runtime's UI glue's, in the entry, no longer the chunk's.
  // +265 B: those texts now hold what the preferences say after "Delete my data" (183–255 B a language).
  // +90 B: and the declaration's row for the erasure report's sessionStorage key (three texts). +185 B (is): and
  // the recipients' roles and transfers' grounds (eight texts) — texts the first layer does not show; splitting
  // the texts chunk by part would take them off it.
  ...LANGUAGES.map((lang) => ({
    name: `npm path: first layer, ${lang} (banner chunk + texts.${lang})`,
    path: npmPart('banner', lang, false),
    // The stylesheets compacted as in the script-tag files (rollup.config.ts compactStyles).
    // +11 B: no code of these files changed; the entry chunk they import from did (the floating button's stylesheet,
    // compacted), and with it the hash in its file name, which these files name in their imports.
    // −31 B: chunk names without a hash (rollup.config.ts npmChunkName), so that no longer happens.
    // +27 to +48 B (is): the texts hold the marker cookie's purpose (the declaration's, one text).
    // +82 B (is): plural forms without Intl.PluralRules (the first layer's line).
    limit: '7481 B',
    brotli: true,
  })),
  ...LANGUAGES.map((lang) => ({
    name: `npm path: UI, ${lang} (ui chunk + texts.${lang} + purposes.${lang})`,
    path: npmPart('ui', lang, true),
    // +226 B (is): the recipients' roles and the transfers' grounds. The stylesheets compacted.
    // +25 B: the entry chunk's new hash in their imports, as above. −38 B: chunk names without a hash.
    // +48 to +69 B (is): the declaration's row for the marker cookie of waiting receipts.
    // +82 B (is): plural forms without Intl.PluralRules (as above).
    limit: '14763 B',
    brotli: true,
  })),
  // The ledger (off the critical path, loaded after a decision): +350 B for the visitor's erasure key (made, kept,
  // its hash sent with receipts, the secret sent with an erasure); +10 B: a receipt names a category title in the
  // fallback order the loader and the UI show it in; +10 B: its database name from the one home the declaration
  // lists it from (core/own-storage.ts).
  // +60 B: without IndexedDB a written-ahead decision is settled only once its receipt is delivered.
  // +20 B: a receipt marks a vendor the owner did not list; +40 B: a withdrawal's receipt names what it withdrew.
  // +190 B: the notice documents kept beside pending receipts and sent once when the ledger server asks for them.
  // +320 B: a notice upload the server asked for that failed is kept with its receipt and retried like a receipt
  // (backoff, later pages, given up after 30 days), so a notice does not stay missing from the ledger.
  // +35 B: the notice view keeps the facts only, without the texts of every language.
  // +122 B: samtykke-receipt/2, the ISO/IEC TS 27560 fields: the consent type, and the catalogue's facts per built-in
  // vendor (the recipient's role, the transfer mechanism, the kinds of personal data) written into each receipt.
  // +415 B: erase() reads the ledger server's answer (erased, kept until when and on which ground, nothing said)
  // and resolves with what became of every copy, for the visitor; a waiting erasure makes later pages load the ledger.
  // +14 B: receipt ids are UUID v7 (see the decide part's line).
  { name: 'ledger (samtykke-ledger.js)', path: 'dist/samtykke-ledger.js', limit: '9189 B', brotli: true },
  // One file: the loader and every language's UI, first layer and owner warnings included (+1.65 kB), and the
  // ledger's erasure key (+350 B), Trusted Types support (+400 B), hydration-safe placeholders (+100 B), the
  // styled cookie declaration (+3.47 kB), watched shadow roots (+100 B) and the validator that reports every
  // problem (+160 B).
  // +900 B: the first layer in plain DOM beside the Preact preferences, the price of a first layer that loads
  // without Preact everywhere else.
  // +40 B: written-ahead decisions settled by the ledger (without IndexedDB: once delivered).
  // +450 B: the opt-in for unlisted catalogue vendors, with its note in eight languages.
  // −1.46 kB: the critical-path split; the one-file build reads its config as the critical loader does (full
  // validation is in samtykke.dev.js, the npm build and check-config).
  // +308 B: held workers (stand-in, start on consent). +66 B: marked scripts in shadow roots released there.
  // +62 B: policy links per language, in the first layer and now in the preferences too.
  // +210 B: the vendor catalogue in two parts (hosts, traces).
  // +205 B: the ledger's notice documents, sent once when the ledger server asks for them.
  // +240 B: a failed notice upload kept and retried until the ledger server has the notice. +40 B: the same code
  // without an optional chain (two bytes fewer minified) compresses 41 B worse in this bundle.
  // +50 B: the reader refuses javascript:, data: and vbscript: links as full validation does.
  // +800 B: the runtime split by when it must run (the read side, and the part that makes and changes decisions
  // behind one queue); the one file carries both and the glue between them.
  // +360 B: the receipt's texts are what the page rendered (the preferences' every value as worded, lifetimes and
  // countries formatted, policy link addresses, embed placeholders), kept as one union.
  // +180 B: Customise shows that it is busy; the loader's first-visit order (the first layer first, the runtime once
  // it has painted) is in the shared boot code; the runtime can take over a first layer mounted before it.
  // +60 B: a frame that arrives before the release code keeps its place in the order of release.
  // +225 B: samtykke-receipt/2 (the ledger's line), the reader's four new keys, and fetch, Web Crypto and the clock
  // as the loader found them, for the ledger.
  // +58 B: focus kept clear of the banner in its own module beside the UI glue (the decide part's line).
  // +2.16 kB: the erasure report in eight languages, and the code that reads, keeps and shows it (lines above).
  // +454 B: the declaration's row for the erasure report's sessionStorage key, in eight languages.
  // +967 B: the recipients' roles and the transfers' grounds, in eight languages.
  // +15 B: the loader's start split in functions the per-site loader shares (the loader's line).
  // +109 B: the decision store's fewer synchronous cookie reads (the runtime's line).
  // +43 B: the decide part's code that completes a per-site loader's config (the decide part's line), which this
  // build shares although its own config is always read from the page.
  // −174 B: the stylesheets without comments and line breaks (scripts/compact-css.ts).
  // +21 B: the floating button's and the placeholders' stylesheets in modules of their own; the same CSS, byte for
  // byte, in another place of the bundle, which brotli compresses slightly worse here.
  // −54 B: the runtime's one wait for <body> (a few bytes of code; the rest the minifier's names shifting, which
  // brotli happens to like here).
  // +441 B: the marker cookie of waiting receipts (the loader's, the decide part's and the UI's lines).
  // +54 B: UUID v7 ids (the decide part's and the ledger's lines).
  // +104 B: the first layer's request moved before the blocker's set-up, plural forms without Intl.PluralRules.
  // +17 B: the runtime passes its reading of the marker cookie to the decide part (−29 B there, −2 B in the runtime).
  { name: 'one file, every language (samtykke.all.js)', path: 'dist/samtykke.all.js', limit: '53977 B', brotli: true },
];
