/**
 * The room's secrets, kept in the data directory (never the workspace) as `room.json`, mode 0600,
 * so a restarted `serve` keeps every link working: the trainer's token, the join code, and each
 * participant's id, display name and the SHA-256 of their secret (the secret itself lives only in
 * the participant's cookie). A participant joins with the code and a name and gets an id and a
 * secret; the id names their data and workspace areas and is what a results board would show.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Participant } from '../common';
import { newToken, tokenMatches } from './token';

export const ROOM_FILE = 'room.json';
/** Seats a room hands out; past it joining is refused (a guard against a script joining in a loop). */
export const MAX_PARTICIPANTS = 200;
const NAME_MAX = 60;
/** Join codes avoid letters that read alike (0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

interface Seat extends Participant {
  secretSha256: string;
  joinedAt: string;
}

interface RoomFile {
  version: 1;
  trainerToken: string;
  joinCode: string;
  participants: Seat[];
}

export class JoinError extends Error {}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function newJoinCode(): string {
  return [...randomBytes(10)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}

/** A display name as kept: trimmed, control characters and angle brackets out, at most 60 characters. */
export function cleanName(name: string): string {
  return name.replace(/[\p{Cc}\p{Cf}<>]/gu, '').replace(/\s+/g, ' ').trim().slice(0, NAME_MAX);
}

/** A participant id: the name's letters and digits, then a random suffix (safe as a directory name). */
function newId(name: string): string {
  const slug = name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24);
  return `${slug || 'participant'}-${randomBytes(4).toString('hex')}`;
}

export class ParticipantStore {
  private readonly file: string;
  private room: RoomFile;

  /** Loads `<dataDir>/room.json`, or creates it with a new token and join code. */
  constructor(dataDir: string, private readonly clock: () => number = Date.now) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, ROOM_FILE);
    const loaded = existsSync(this.file) ? readRoom(this.file) : null;
    this.room = loaded ?? { version: 1, trainerToken: newToken(), joinCode: newJoinCode(), participants: [] };
    if (loaded) chmodSync(this.file, 0o600);
    else this.save();
  }

  get trainerToken(): string {
    return this.room.trainerToken;
  }

  get joinCode(): string {
    return this.room.joinCode;
  }

  list(): Participant[] {
    return this.room.participants.map(({ id, name }) => ({ id, name }));
  }

  /** A new seat for `name`, if `code` is the room's; the cookie value is `id.secret`. */
  join(code: string, name: string): { participant: Participant; cookie: string } {
    if (!tokenMatches(this.room.joinCode, code.trim().toUpperCase())) throw new JoinError('That join code is not this room\'s: check it with the trainer.');
    const clean = cleanName(name);
    if (clean === '') throw new JoinError('Give a name the room will know you by.');
    if (this.room.participants.length >= MAX_PARTICIPANTS) throw new JoinError(`The room is full (${MAX_PARTICIPANTS} participants).`);
    const participant = { id: newId(clean), name: clean };
    const secret = randomBytes(24).toString('base64url');
    this.room.participants.push({ ...participant, secretSha256: sha256(secret), joinedAt: new Date(this.clock()).toISOString() });
    this.save();
    return { participant, cookie: `${participant.id}.${secret}` };
  }

  /** The participant a cookie value (`id.secret`) names, or null when this room does not know it. */
  authenticate(cookie: string | null): Participant | null {
    if (!cookie) return null;
    const dot = cookie.lastIndexOf('.');
    if (dot <= 0) return null;
    const id = cookie.slice(0, dot);
    const seat = this.room.participants.find((p) => p.id === id);
    if (!seat || !tokenMatches(seat.secretSha256, sha256(cookie.slice(dot + 1)))) return null;
    return { id: seat.id, name: seat.name };
  }

  private save(): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(this.room, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.file);
  }
}

/** The room file, or null when it is missing parts (then a new room is made and written over it). */
function readRoom(file: string): RoomFile | null {
  try {
    const room = JSON.parse(readFileSync(file, 'utf8')) as Partial<RoomFile>;
    if (typeof room.trainerToken !== 'string' || typeof room.joinCode !== 'string' || !Array.isArray(room.participants)) return null;
    return { version: 1, trainerToken: room.trainerToken, joinCode: room.joinCode, participants: room.participants };
  } catch {
    return null;
  }
}
