/**
 * A preset's story as the app shows it: the prose of the file's leading comment, unwrapped into
 * whole sentences, one paragraph per "Teaches:" / "Look at:" lead. The indented command lines
 * that follow the prose (`npm run keyspace -- run … --set …`) are for the CLI reader of the
 * file and stay out of the app's text. One definition for the host and the renderer's dev host.
 */

/** Paragraph leads that start a new paragraph of the story. */
const LEADS = /^(Teaches|Look at):/;

export function presetStory(text: string): string {
  const paragraphs: string[] = [];
  let open = false;
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('#')) break;
    const body = line.replace(/^# ?/, '');
    if (/^yaml-language-server:/.test(body.trim())) continue;
    // The command lines are indented under the prose: the story ends where they start.
    if (/^\s/.test(body)) break;
    if (body.trim() === '') {
      open = false;
      continue;
    }
    if (open && !LEADS.test(body)) paragraphs[paragraphs.length - 1] += ` ${body.trim()}`;
    else paragraphs.push(body.trim());
    open = true;
  }
  return paragraphs.join('\n');
}

/** Sentences of a paragraph: split after . ! ? followed by a capital or a digit. */
function sentences(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?])\s+(?=[A-Z0-9])/);
}

/** The story's opening in whole sentences, up to about `maxChars` (at least one sentence). */
export function storyTeaser(story: string, maxChars = 200): string {
  const [first = ''] = story.split('\n');
  let teaser = '';
  for (const sentence of sentences(first)) {
    if (teaser && teaser.length + 1 + sentence.length > maxChars) break;
    teaser = teaser ? `${teaser} ${sentence}` : sentence;
  }
  return teaser;
}
