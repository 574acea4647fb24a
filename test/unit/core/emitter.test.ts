import { describe, expect, it, vi } from 'vitest';
import { createEmitter } from '../../../src/core/index.js';

describe('createEmitter', () => {
  it('delivers payloads and unsubscribes', () => {
    const emitter = createEmitter();
    const seen: string[] = [];
    const off = emitter.on('show', ({ view }) => seen.push(view));
    emitter.emit('show', { view: 'banner' });
    off();
    emitter.emit('show', { view: 'preferences' });
    expect(seen).toEqual(['banner']);
  });

  it('keeps calling the other listeners when one throws, and reports the failure as an error event', () => {
    const emitter = createEmitter();
    const errors: unknown[] = [];
    const after = vi.fn();
    emitter.on('error', ({ error }) => errors.push(error));
    emitter.on('hide', () => {
      throw new Error('broken page script');
    });
    emitter.on('hide', after);
    emitter.emit('hide', undefined);
    expect(after).toHaveBeenCalledOnce();
    expect(String(errors[0])).toContain('broken page script');
  });

  it('prints errors nobody listens for', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    createEmitter().emit('error', { error: new Error('x'), context: 'ledger' });
    expect(spy).toHaveBeenCalledOnce();
    spy.mockRestore();
  });
});
