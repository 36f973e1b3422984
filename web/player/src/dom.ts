// DOM calls the player makes in a form every targeted engine has: Chromium 47 (2017 smart TVs)
// lacks ParentNode.append (54), and its play() returns no promise (before 50). See
// build/legacy.ts for the engines.

export function appendAll(parent: Node, ...children: Node[]): void {
  for (const child of children) parent.appendChild(child);
}

// Starts a media element; `onRefused` hears why when the engine says it will not play.
export function startPlaying(media: HTMLMediaElement, onRefused: (reason: unknown) => void): void {
  const playing = media.play() as Promise<void> | undefined;
  if (playing) playing.catch(onRefused);
}
