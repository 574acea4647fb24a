import { launchChromium } from '../scripts/chromium.js';
import { libraries } from './libraries.js';
import { serveBench } from './setup.js';
import type { TraceEvent } from './trace-event.js';

/** The bench's site with every library on it, the one named `id`, and a Chromium that maps the vendors' hosts. */
export async function traceSite(id: string) {
  const libs = libraries({ oneFile: false });
  const lib = libs.find((l) => l.id === id);
  if (!lib) throw new Error(`no library ${id}; one of ${libs.map((l) => l.id).join(', ')}`);
  const site = await serveBench(libs);
  const browser = await launchChromium(site.browserArgs);
  return { lib, site, browser };
}

/** The main thread of the renderer that parsed the bench page, in a trace. */
export function rendererMain(events: readonly TraceEvent[]): TraceEvent | undefined {
  return events.find(
    (e) =>
      e.name === 'thread_name' &&
      e.args?.name === 'CrRendererMain' &&
      events.some((x) => x.pid === e.pid && x.name === 'ParseHTML'),
  );
}
