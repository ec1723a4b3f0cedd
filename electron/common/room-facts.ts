/**
 * What a browser-mode room shares beyond each seat's own state: a design the trainer pushes to
 * every participant (the board's rows derive from the run summary, in contract.ts).
 */
import { z } from 'zod';

const id = z.string().min(1).max(200);
const text = z.string().max(2 * 1024 * 1024);

/** Who the board names for the token's holder. */
export const TRAINER = { id: 'trainer', name: 'Trainer' } as const;

/** A design the trainer pushed: each participant opens it as a new, unsaved design of their own. */
export const roomShareSchema = z.object({
  name: z.string().min(1).max(200),
  text,
  /** The preset it came from, if the trainer pushed a preset. */
  presetId: z.string().max(200).nullable(),
  sharedAt: z.string(),
});
export type RoomShare = z.infer<typeof roomShareSchema>;

/** What the trainer pushes: a preset by id, or a design's text under a name. */
export const pushInputSchema = z.union([
  z.object({ presetId: id }).strict(),
  z.object({ name: z.string().trim().min(1).max(200), text: text.refine((t) => t.trim() !== '', 'the design is empty') }).strict(),
]);
