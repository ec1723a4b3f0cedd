/** How the Run view says where a queued run is in line. */

/** 1 → 1st, 2 → 2nd, 3 → 3rd, 11 → 11th, 22 → 22nd. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** `Queued: 3rd in line`, or, before the host has said (a reloaded page), that it waits. */
export function queuePlaceText(place: number | null): string {
  return place !== null ? `Queued: ${ordinal(place)} in line` : 'Queued: waiting for a free slot';
}
