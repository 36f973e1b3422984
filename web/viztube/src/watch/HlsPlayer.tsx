import type Hls from 'hls.js';
import { useEffect, useRef, useState } from 'react';

interface Choice {
  value: number; // hls.js's index; -1 is "auto" for quality, "off" for captions
  label: string;
}

// A video element playing an HLS ladder: hls.js where Media Source Extensions exist (loaded
// with this component only), the browser's own HLS elsewhere (Safari), the plain file when the
// ladder is not made yet. A quality menu ("Auto" or a rung), a captions menu, and the keys
// people expect: space or k, ←/→ (5 s), f (full screen), m (mute).
export function HlsPlayer({
  src,
  fallback,
  title,
}: {
  src?: string | undefined;
  fallback: string;
  title: string;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const hls = useRef<Hls | null>(null);
  const [qualities, setQualities] = useState<Choice[]>([]);
  const [quality, setQuality] = useState(-1);
  const [captions, setCaptions] = useState<Choice[]>([]);
  const [caption, setCaption] = useState(-1);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    let cancelled = false;
    const play = () => void element.play().catch(() => undefined); // blocked autoplay: the viewer presses play
    if (!src) {
      element.src = fallback;
      play();
      return;
    }
    const native = element.canPlayType('application/vnd.apple.mpegurl') !== '';
    void import('hls.js').then(({ default: HlsJs }) => {
      if (cancelled) return;
      if (!HlsJs.isSupported()) {
        element.src = native ? src : fallback;
        play();
        return;
      }
      const instance = new HlsJs({ capLevelToPlayerSize: true, startLevel: -1 });
      hls.current = instance;
      instance.on(HlsJs.Events.MANIFEST_PARSED, () => {
        // Highest first, as people read a quality menu.
        const levels = instance.levels.map((level, index) => ({ index, height: level.height }));
        levels.sort((a, b) => b.height - a.height);
        setQualities(levels.map((l) => ({ value: l.index, label: `${l.height}p` })));
        play();
      });
      instance.on(HlsJs.Events.SUBTITLE_TRACKS_UPDATED, () => {
        setCaptions(
          instance.subtitleTracks.map((t, index) => ({
            value: index,
            label: t.name || t.lang || `Track ${index + 1}`,
          })),
        );
      });
      instance.subtitleDisplay = true;
      instance.attachMedia(element);
      instance.loadSource(src);
    });
    return () => {
      cancelled = true;
      hls.current?.destroy();
      hls.current = null;
    };
  }, [src, fallback]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const element = video.current;
      const target = e.target as HTMLElement | null;
      if (!element || e.ctrlKey || e.metaKey || e.altKey) return;
      if (target?.closest('input, textarea, select, button, [contenteditable="true"]')) return;
      switch (e.key) {
        case ' ':
        case 'k':
          if (element.paused) void element.play();
          else element.pause();
          break;
        case 'ArrowLeft':
          element.currentTime = Math.max(0, element.currentTime - 5);
          break;
        case 'ArrowRight':
          element.currentTime = Math.min(element.duration || Infinity, element.currentTime + 5);
          break;
        case 'f':
          if (document.fullscreenElement) void document.exitFullscreen();
          else void element.requestFullscreen?.();
          break;
        case 'm':
          element.muted = !element.muted;
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="flex flex-col gap-2">
      <video
        ref={video}
        controls
        playsInline
        aria-label={title}
        className="aspect-video w-full rounded-xl bg-black"
      />
      {(qualities.length > 0 || captions.length > 0) && (
        <div className="flex flex-wrap items-center justify-end gap-3 text-sm">
          <Menu
            label="Quality"
            none="Auto"
            choices={qualities}
            value={quality}
            onChange={(value) => {
              setQuality(value);
              if (hls.current) hls.current.currentLevel = value;
            }}
          />
          <Menu
            label="Captions"
            none="Off"
            choices={captions}
            value={caption}
            onChange={(value) => {
              setCaption(value);
              if (hls.current) hls.current.subtitleTrack = value;
            }}
          />
        </div>
      )}
    </div>
  );
}

// A labelled choice among hls.js's levels or tracks, `none` (-1) first; nothing when there is
// no choice to make.
function Menu(props: {
  label: string;
  none: string;
  choices: Choice[];
  value: number;
  onChange: (value: number) => void;
}) {
  if (props.choices.length === 0) return null;
  return (
    <label className="flex items-center gap-1.5">
      {props.label}
      <select
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
      >
        <option value={-1}>{props.none}</option>
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
