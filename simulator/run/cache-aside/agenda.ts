/** The kinds of event on the cache-aside client's agenda (its EventQueue): [time, kind, key or namespace, argument]. */

/** A load from the origin completes: SET the value it read (argument: its version). */
export const LOAD_DONE = 1;
/** A rule's DEL of the key. */
export const DELETE_KEY = 2;
/** A rule's pattern delete of a namespace (the "key" is the namespace). */
export const DELETE_NAMESPACE = 3;
/** A rule's SET of the new value (write-through, write-behind; argument: its version). */
export const SET_FRESH = 4;
/** A write-behind's write reaches the origin. */
export const PERSIST = 5;
