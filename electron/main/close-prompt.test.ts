import { describe, expect, it } from 'vitest';
import { CLOSE_PROMPT, closeAction, closeChoice } from './close-prompt';

describe('the close prompt of the desktop window', () => {
  it('offers Save, Discard and Cancel, as the page\'s own unsaved-work prompt does, with Save the default and Escape cancelling', () => {
    expect(CLOSE_PROMPT.buttons).toEqual(['Save', 'Discard changes', 'Cancel']);
    expect(closeChoice(CLOSE_PROMPT.defaultId ?? -1)).toBe('save');
    expect(closeChoice(CLOSE_PROMPT.cancelId ?? -1)).toBe('cancel');
  });

  it('maps each button to its answer, and anything else to cancel', () => {
    expect([0, 1, 2, 3, -1].map(closeChoice)).toEqual(['save', 'discard', 'cancel', 'cancel', 'cancel']);
  });

  it('unloads at once only on Discard; on Save the page saves first and closes itself; Cancel keeps the window', () => {
    expect(closeAction('discard')).toEqual({ unloadNow: true, saveThenClose: false });
    expect(closeAction('save')).toEqual({ unloadNow: false, saveThenClose: true });
    expect(closeAction('cancel')).toEqual({ unloadNow: false, saveThenClose: false });
  });
});
