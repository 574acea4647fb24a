import { vi } from 'vitest';

/** The real window, except for `location`, whose reload the instance calls after a withdrawal. */
export function pageWindow() {
  const reload = vi.fn();
  const location = { protocol: 'https:', origin: 'https://www.fjordkaffe.test', pathname: '/', reload };
  const win = new Proxy(window, {
    get(target, key) {
      if (key === 'location') return location;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' && typeof key === 'string' && /^[a-z]/.test(key) ? value.bind(target) : value;
    },
  }) as Window & typeof globalThis;
  return { win, reload };
}
