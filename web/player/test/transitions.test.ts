// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TransitionKind } from '../src/manifest';
import { Stage, type Slide } from '../src/stage';
import { MAX_TRANSITION_MS, planTransition } from '../src/transitions';

describe('planTransition', () => {
  it('says where each layer starts and ends for every kind', () => {
    const fade = planTransition('fade', 1000);
    expect(fade.outgoing).toMatchObject({
      from: { opacity: '1' },
      to: { opacity: '0' },
      delayMs: 0,
      durationMs: 500,
    });
    expect(fade.incoming).toMatchObject({
      from: { opacity: '0' },
      to: { opacity: '1' },
      delayMs: 500,
      durationMs: 500,
    });
    const dissolve = planTransition('dissolve', 800);
    expect(dissolve.incoming).toMatchObject({ delayMs: 0, durationMs: 800 });
    expect(dissolve.outgoing.to.opacity).toBe('1'); // stays until covered
    const slide = planTransition('slide', 600);
    expect(slide.incoming.from.transform).toBe('translateX(100%)');
    expect(slide.outgoing.to.transform).toBe('translateX(-100%)');
    const zoom = planTransition('zoom', 600);
    expect(zoom.incoming.from.transform).toBe('scale(0.85)');
    for (const kind of ['fade', 'dissolve', 'slide', 'zoom'] as TransitionKind[]) {
      expect(planTransition(kind, 700).totalMs).toBe(700);
      expect(planTransition(kind, 60_000).totalMs).toBe(MAX_TRANSITION_MS);
      expect(planTransition(kind, 0).totalMs).toBe(0);
    }
    expect(planTransition('none', 900).totalMs).toBe(0);
  });
});

function fakeSlide(id: string): Slide & { disposed: boolean } {
  const el = document.createElement('img');
  const slide = {
    el,
    contentId: id,
    ready: Promise.resolve(),
    endsItself: false,
    onEnd: null,
    disposed: false,
    start: () => undefined,
    dispose: () => {
      slide.disposed = true;
    },
    capture: () => null,
  };
  return slide;
}

describe('Stage', () => {
  let root: HTMLElement;
  beforeEach(() => {
    vi.useFakeTimers();
    root = document.createElement('div');
    document.body.appendChild(root);
  });
  afterEach(() => {
    vi.useRealTimers();
    root.remove();
  });

  const layers = (): {
    id: string | undefined;
    state: string | undefined;
    opacity: string;
    transition: string;
  }[] =>
    Array.from(root.querySelectorAll<HTMLElement>('.layer')).map((l) => ({
      id: l.dataset.contentId,
      state: l.dataset.state,
      opacity: l.style.opacity,
      transition: l.style.transition,
    }));

  it('shows the first item at once, then crossfades to the next and removes the old layer', async () => {
    const stage = new Stage(root);
    const a = fakeSlide('a');
    await stage.present(a, 'dissolve', 1000); // nothing to transition from
    expect(layers()).toEqual([{ id: 'a', state: 'shown', opacity: '1', transition: 'none' }]);

    const b = fakeSlide('b');
    const done = stage.present(b, 'dissolve', 1000);
    expect(layers().map((l) => [l.id, l.state])).toEqual([
      ['a', 'leaving'],
      ['b', 'entering'],
    ]);
    expect(layers()[1].opacity).toBe('1'); // its target; the CSS transition runs to it
    expect(layers()[1].transition).toContain('opacity 1000ms');
    vi.advanceTimersByTime(999);
    expect(a.disposed).toBe(false);
    vi.advanceTimersByTime(1);
    await done;
    expect(layers()).toMatchObject([{ id: 'b', state: 'shown' }]);
    expect(a.disposed).toBe(true);
    expect(stage.current).toBe(b);
  });

  it('ends a running transition at once when another item comes', async () => {
    const stage = new Stage(root);
    const a = fakeSlide('a');
    const b = fakeSlide('b');
    const c = fakeSlide('c');
    await stage.present(a, 'none', 0);
    const first = stage.present(b, 'slide', 2000);
    vi.advanceTimersByTime(500);
    const second = stage.present(c, 'fade', 2000);
    await first; // finished early, not left hanging
    expect(a.disposed).toBe(true);
    expect(layers().map((l) => l.id)).toEqual(['b', 'c']);
    vi.advanceTimersByTime(2000);
    await second;
    expect(layers().map((l) => l.id)).toEqual(['c']);
    expect(b.disposed).toBe(true);
  });
});
