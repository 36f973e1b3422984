import { Pause, Play } from 'lucide-react';
import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Content, PlaylistItem } from '../api/types';
import { formatDuration } from './playlists';
import { Button } from '@shared/ui/Button';

// What a screen would show of one item, at the size of the preview.
function Slide({ content }: { content: Content | undefined }) {
  if (!content)
    return (
      <p className="text-sm text-slate-300">
        <FormattedMessage id="preview.missing" />
      </p>
    );
  if (content.type === 'image')
    return <img src={content.source} alt="" className="size-full object-contain" />;
  if (content.type === 'video')
    return <video src={content.source} muted autoPlay playsInline className="size-full object-contain" />;
  if (content.thumbnail) return <img src={content.thumbnail} alt="" className="size-full object-contain" />;
  return (
    <div className="flex flex-col items-center gap-1 p-4 text-center text-slate-100">
      <p className="text-lg font-semibold">{content.title}</p>
      {content.metadata.url && <p className="text-xs break-all text-slate-400">{content.metadata.url}</p>}
    </div>
  );
}

// Plays the playlist as a screen would: each item for its duration, fading into the next, and
// over again.
export function PlaylistPreview({
  items,
  library,
}: {
  items: PlaylistItem[];
  library: Map<string, Content>;
}) {
  const { formatMessage } = useIntl();
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(true);
  const current = items.length ? items[index % items.length] : undefined;
  useEffect(() => {
    if (!playing || !current) return;
    const timer = setTimeout(() => setIndex((i) => (i + 1) % items.length), current.duration * 1000);
    return () => clearTimeout(timer);
  }, [playing, current, items.length, index]);
  if (!current) return null;
  const content = library.get(current.contentId);
  return (
    <section aria-labelledby="preview" className="flex flex-col gap-2">
      <div className="flex items-center justify-between">
        <h2 id="preview" className="text-base font-semibold">
          <FormattedMessage id="preview.title" />
        </h2>
        <Button
          variant="ghost"
          onClick={() => setPlaying(!playing)}
          aria-label={formatMessage({ id: playing ? 'preview.pause' : 'preview.play' })}
        >
          {playing ? <Pause aria-hidden="true" size={16} /> : <Play aria-hidden="true" size={16} />}
        </Button>
      </div>
      <div className="flex aspect-video items-center justify-center overflow-hidden rounded-lg bg-black">
        <div
          key={`${index}-${current.contentId}`}
          className={`flex size-full items-center justify-center ${current.transition === 'none' ? '' : 'animate-[fadein_0.6s_ease-out]'}`}
        >
          <Slide content={content} />
        </div>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        <FormattedMessage
          id="preview.position"
          values={{
            index: (index % items.length) + 1,
            count: items.length,
            title: content?.title ?? formatMessage({ id: 'preview.missingShort' }),
            duration: formatDuration(current.duration),
          }}
        />
      </p>
    </section>
  );
}
