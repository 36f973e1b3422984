// Plays the manifest: asks the follower what to show, gets its slide ready (the next one is
// prepared while the current one plays), puts it on the stage with its transition, and keeps
// proof of play: an impression for every item shown, a playback_error for every item that
// could not be (it is skipped, so the screen never goes black).

import type { ServerClock } from './clock';
import { newId } from './event-queue';
import { Follower, type Showing } from './follower';
import { compile, type Manifest } from './manifest';
import type { ProofOfPlay } from './proof';
import { idleSlide, makeSlide, PlaybackFailure, type SlideContext } from './slides';
import { Stage, type Slide } from './stage';

// How often the player checks the timeline besides its own timers (a clock correction or a
// sleeping tab can move "now" past a boundary).
const WATCHDOG_MS = 1000;

interface OnScreen {
  showing: Extract<Showing, { kind: 'item' }>;
  slide: Slide;
  shownAt: number; // corrected clock
}

export class Player {
  private readonly stage: Stage;
  private follower: Follower | null = null;
  private onScreen: OnScreen | null = null;
  private idle = false;
  private prepared: { key: string; slide: Slide; contentId: string; ready: boolean } | null = null;
  private generation = 0;
  private endTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly watchdog: ReturnType<typeof setInterval>;
  manifestVersion: string | null = null;

  constructor(
    root: HTMLElement,
    private readonly clock: ServerClock,
    private readonly proof: ProofOfPlay,
    private readonly context: SlideContext,
    private readonly onChange: () => void = () => undefined,
  ) {
    this.stage = new Stage(root);
    this.watchdog = setInterval(() => this.checkTimeline(), WATCHDOG_MS);
  }

  get current(): { playlistId: string; contentId: string } | null {
    const s = this.onScreen?.showing;
    return s ? { playlistId: s.playlist.id, contentId: s.content.id } : null;
  }

  // The item prepared to follow, and whether it has loaded.
  get upNext(): { contentId: string; ready: boolean } | null {
    return this.prepared ? { contentId: this.prepared.contentId, ready: this.prepared.ready } : null;
  }

  get currentSlide(): Slide | undefined {
    return this.stage.current;
  }

  setManifest(manifest: Manifest): void {
    const plan = compile(manifest);
    this.manifestVersion = plan.version;
    const now = this.clock.now();
    if (!this.follower) {
      this.follower = new Follower(plan);
      this.show(this.follower.begin(now), 'switched');
      return;
    }
    const next = this.follower.setPlan(plan, now);
    this.dropPrepared();
    if (next) {
      this.show(next, 'switched');
    } else if (this.idle && this.follower.showing.kind === 'idle') {
      this.armTimer(this.follower.showing.until - now);
    } else {
      this.prepareNext();
    }
  }

  // Before the page goes away: the item on screen still gets its impression.
  finish(): void {
    this.closeImpression(false);
    clearInterval(this.watchdog);
  }

  private checkTimeline(): void {
    if (this.follower?.segmentChanged(this.clock.now())) {
      this.show(this.follower.begin(this.clock.now()), 'switched');
    }
  }

  // `how`: the item on screen ended as planned, failed, or is cut short by a switch.
  private async show(showing: Showing, how: 'ended' | 'failed' | 'switched'): Promise<void> {
    const generation = ++this.generation;
    clearTimeout(this.endTimer);
    const previous = this.onScreen;
    if (how !== 'failed') this.closeImpression(how === 'ended');
    if (
      previous &&
      how === 'ended' &&
      showing.kind === 'item' &&
      keyOf(previous.showing) === keyOf(showing)
    ) {
      // The same item again (a one-item loop, a held last item) stays on screen: a new
      // impression, and a video or document starts over.
      this.onScreen = { showing, slide: previous.slide, shownAt: this.clock.now() };
      if (previous.slide.endsItself) previous.slide.start(0);
      this.armTimer(previous.slide.endsItself ? showing.plannedMs * 2 + 10_000 : showing.plannedMs);
      this.onChange();
      return;
    }
    if (showing.kind === 'idle') {
      this.onScreen = null;
      if (!this.idle) {
        this.idle = true;
        await this.stage.present(idleSlide(this.context), 'fade', 400);
      }
      this.armTimer(showing.until - this.clock.now());
      this.onChange();
      return;
    }
    const slide = this.takePrepared(showing) ?? makeSlide(showing.content, showing.item, this.context);
    try {
      await slide.ready;
    } catch (e) {
      slide.dispose();
      if (generation !== this.generation) return;
      this.reportFailure(showing, e);
      this.show(this.follower!.advance(this.clock.now(), true), 'failed');
      return;
    }
    if (generation !== this.generation) {
      slide.dispose();
      return;
    }
    this.idle = false;
    this.onScreen = { showing, slide, shownAt: this.clock.now() };
    slide.onEnd = this.endOf(showing, slide);
    const presented = this.stage.present(slide, showing.item.transition, showing.item.transitionDuration);
    slide.start(showing.offsetMs);
    // Items that end by themselves get a generous limit in case their end never comes.
    this.armTimer(slide.endsItself ? showing.plannedMs * 2 + 10_000 : showing.plannedMs);
    this.onChange();
    await presented;
    if (generation === this.generation) this.prepareNext();
  }

  // What a slide does when it ends by itself. Made here, not in show(): a closure there would
  // keep show()'s whole scope, `previous` with it, and through each previous slide's onEnd
  // every slide ever shown (the legacy bundle's transpiled async functions did exactly that).
  private endOf(showing: Extract<Showing, { kind: 'item' }>, slide: Slide): (failure?: Error) => void {
    return (failure?: Error) => {
      if (this.onScreen?.slide !== slide) return;
      if (failure) {
        this.reportFailure(showing, failure);
        this.closeImpression(false);
        this.show(this.follower!.advance(this.clock.now(), true), 'failed');
      } else {
        this.next();
      }
    };
  }

  private next(): void {
    if (this.follower) this.show(this.follower.advance(this.clock.now()), 'ended');
  }

  private armTimer(ms: number): void {
    clearTimeout(this.endTimer);
    if (!isFinite(ms)) return;
    // Long waits are re-armed in steps: timers drift, and the watchdog covers boundaries.
    const wait = Math.max(0, Math.min(ms, 60 * 60_000));
    this.endTimer = setTimeout(() => {
      if (wait < ms) this.armTimer(ms - wait);
      else this.next();
    }, wait);
  }

  private prepareNext(): void {
    const current = this.onScreen;
    if (!current || !this.follower) return;
    const upcoming = this.follower.peek(this.clock.now() + current.showing.plannedMs);
    if (upcoming.kind !== 'item' || upcoming.content.id === current.showing.content.id) return;
    const key = keyOf(upcoming);
    if (this.prepared?.key === key) return;
    this.dropPrepared();
    const prepared = {
      key,
      slide: makeSlide(upcoming.content, upcoming.item, this.context),
      contentId: upcoming.content.id,
      ready: false,
    };
    prepared.slide.ready.then(
      () => (prepared.ready = true),
      () => undefined, // reported when its turn comes
    );
    this.prepared = prepared;
  }

  private takePrepared(showing: Extract<Showing, { kind: 'item' }>): Slide | null {
    const prepared = this.prepared;
    this.prepared = null;
    if (prepared && prepared.key === keyOf(showing)) return prepared.slide;
    prepared?.slide.dispose();
    return null;
  }

  private dropPrepared(): void {
    this.prepared?.slide.dispose();
    this.prepared = null;
  }

  private closeImpression(completed: boolean): void {
    const s = this.onScreen;
    if (!s) return;
    this.onScreen = null;
    this.proof.record({
      type: 'impression',
      id: newId(),
      contentId: s.showing.content.id,
      playlistId: s.showing.playlist.id,
      startedAt: new Date(s.shownAt).toISOString(),
      durationMs: Math.max(0, Math.round(this.clock.now() - s.shownAt)),
      completed,
    });
  }

  private reportFailure(showing: Extract<Showing, { kind: 'item' }>, e: unknown): void {
    const failure = e instanceof PlaybackFailure ? e : new PlaybackFailure('load', String(e));
    this.proof.record({
      type: 'playback_error',
      id: newId(),
      contentId: showing.content.id,
      errorType: failure.errorType,
      errorMessage: failure.message.slice(0, 1000),
      occurredAt: new Date(this.clock.now()).toISOString(),
    });
  }
}

function keyOf(showing: Extract<Showing, { kind: 'item' }>): string {
  return `${showing.playlist.id}/${showing.index}/${showing.content.id}`;
}
