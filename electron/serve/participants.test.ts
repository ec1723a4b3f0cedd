import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../host/test-support';
import { cleanName, JoinError, ParticipantStore, ROOM_FILE } from './participants';

describe('the participant store', () => {
  it('keeps the token, the join code and every seat in room.json (mode 0600), so a new store on the same directory knows them', () => {
    const dir = tempDir('kw-room-');
    const first = new ParticipantStore(dir);
    expect(first.joinCode).toMatch(/^[A-Z2-9]{10}$/);
    const ann = first.join(first.joinCode.toLowerCase(), '  Ann  Lee ');
    expect(ann.participant).toMatchObject({ name: 'Ann Lee' });
    expect(ann.participant.id).toMatch(/^ann-lee-[0-9a-f]{8}$/);
    expect(statSync(join(dir, ROOM_FILE)).mode & 0o777).toBe(0o600);
    // The secret is not on disk: only its hash.
    const secret = ann.cookie.split('.')[1];
    expect(readFileSync(join(dir, ROOM_FILE), 'utf8')).not.toContain(secret);

    const again = new ParticipantStore(dir);
    expect(again.trainerToken).toBe(first.trainerToken);
    expect(again.joinCode).toBe(first.joinCode);
    expect(again.authenticate(ann.cookie)).toEqual(ann.participant);
    expect(again.list()).toEqual([ann.participant]);
  });

  it('refuses a wrong code, an empty name, and secrets it did not hand out', () => {
    const store = new ParticipantStore(tempDir('kw-room-'));
    expect(() => store.join('WRONGCODE1', 'Ann')).toThrow(JoinError);
    expect(() => store.join(store.joinCode, ' \u0007 ')).toThrow(/Give a name/);
    const { cookie, participant } = store.join(store.joinCode, 'Bob');
    expect(store.authenticate(`${participant.id}.nope`)).toBeNull();
    expect(store.authenticate(cookie.replace(/^bob/, 'bab'))).toBeNull();
    expect(store.authenticate('no-dot')).toBeNull();
    expect(store.authenticate(null)).toBeNull();
    expect(store.authenticate(cookie)).toEqual(participant);
  });

  it('gives two people of the same name separate seats', () => {
    const store = new ParticipantStore(tempDir('kw-room-'));
    const a = store.join(store.joinCode, 'Sam');
    const b = store.join(store.joinCode, 'Sam');
    expect(a.participant.id).not.toBe(b.participant.id);
    expect(store.authenticate(a.cookie)?.id).toBe(a.participant.id);
    expect(store.authenticate(b.cookie)?.id).toBe(b.participant.id);
  });

  it('starts a new room over a damaged room.json', () => {
    const dir = tempDir('kw-room-');
    writeFileSync(join(dir, ROOM_FILE), '{ not json');
    const store = new ParticipantStore(dir);
    expect(store.trainerToken.length).toBeGreaterThanOrEqual(32);
    expect(new ParticipantStore(dir).trainerToken).toBe(store.trainerToken);
  });

  it('cleans names of markup and control characters, and caps their length', () => {
    expect(cleanName('<b>Eve</b>\u202e')).toBe('bEve/b');
    expect(cleanName('x'.repeat(100))).toHaveLength(60);
  });
});
