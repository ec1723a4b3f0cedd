/**
 * The image of a live run in a container (the CLI's `--container --image`, the app's container
 * engine): the default, and the only form of name accepted — an image reference as Docker spells
 * it, so a name can never be read as an option of the docker command line.
 */

/** The official image, run as `docker run redis:7 redis-server --name value …`. */
export const CONTAINER_IMAGE = 'redis:7';

/** `[registry[:port]/]path[:tag][@sha256:digest]`, lowercase path components. */
export const IMAGE_REFERENCE = /^(?:[a-z0-9]+(?:[.-][a-z0-9]+)*(?::\d{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** Longest image name accepted. */
export const MAX_IMAGE_NAME = 255;

/** True for a well-formed image reference of at most MAX_IMAGE_NAME characters. */
export function isImageReference(name: string): boolean {
  return name.length <= MAX_IMAGE_NAME && IMAGE_REFERENCE.test(name);
}
