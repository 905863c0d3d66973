// Large trees drawn to a <canvas> under the SVG: thousands of SVG shapes cost hundreds of milliseconds to
// style and rasterise on every change, a canvas a few. Only what lies in the visible rect is drawn; the
// SVG above keeps the highlighted nodes (chosen chain, selection, streaming) as real, clickable elements.
import type { LaidOutNode } from './layout';
import { PixelStamps } from './pixel-stamps';

export interface CanvasScene {
  /** Ordinary nodes, grouped by score class and fading. */
  dots: { scoreClass: string; faded: boolean; items: LaidOutNode[] }[];
  /** Links, each given by its child end (whose `parent` is the other end). */
  links: { faded: boolean; children: LaidOutNode[] }[];
}

interface Transform {
  x: number;
  y: number;
  k: number;
}

/** Below this scale nodes are drawn as fixed-size dots, as the SVG does with its `zoomed-out` class. */
const ZOOMED_OUT = 0.3;

export class TreeCanvas {
  readonly element: HTMLDivElement;
  /**
   * Links change only with the layout, nodes' colours with every score: links are painted into a canvas kept
   * off the page, and copied (one cheap drawImage) under the dots of the one canvas on the page. Two canvases
   * stacked on the page would each be a compositing layer, and handing both to the compositor costs a frame
   * tens of milliseconds.
   */
  private readonly linkLayer: HTMLCanvasElement;
  private readonly view: HTMLCanvasElement;
  private scene: CanvasScene | undefined;
  private dirty = { links: false, dots: false };
  private transform: Transform = { x: 0, y: 0, k: 1 };
  private size = { width: 0, height: 0 };
  private frame: number | undefined;
  private colours = new Map<string, string>();
  private coloursFor = '';
  private readonly stamps = new PixelStamps();

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'tree-canvas';
    this.element.setAttribute('aria-hidden', 'true');
    this.linkLayer = document.createElement('canvas');
    this.view = document.createElement('canvas');
    this.element.append(this.view);
    // The pane's size arrives without forcing a layout.
    new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (!box) return;
      const painted = sameDevicePixels(box, this.size);
      this.size = { width: box.width, height: box.height };
      // Already painted at this size (see measure), which reads whole pixels where this box may be fractional.
      if (painted) return;
      this.dirty = { links: true, dots: true };
      // Called after layout and before paint: drawing now puts the new size on screen in this same frame.
      this.flush();
    }).observe(this.element);
    // A theme change restyles the SVG by itself; the canvas must be painted again in the new colours.
    new MutationObserver(() => {
      this.dirty = { links: true, dots: true };
      this.schedule();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** Replaces what is drawn (undefined: nothing, the tree is small enough for SVG). */
  setScene(scene: CanvasScene | undefined): void {
    const previous = this.scene;
    this.scene = scene;
    this.element.hidden = scene === undefined;
    // Most updates while a tree grows change no link, and few a node's colour: keep what is unchanged.
    const links = !scene || !previous || !sameLinks(scene, previous);
    const dots = !scene || !previous || !sameDots(scene, previous);
    if (!links && !dots) return;
    this.dirty = { links: this.dirty.links || links, dots: this.dirty.dots || dots };
    this.schedule();
  }

  /**
   * Reads the size now, after the page changed (this lays the page out once, which the frame would do anyway),
   * so the first picture of a new tree is painted at its final size instead of twice.
   */
  measure(): void {
    const box = this.element.getBoundingClientRect();
    const size = { width: box.width, height: box.height };
    if (sameDevicePixels(size, this.size)) return;
    this.size = size;
    this.dirty = { links: true, dots: true };
  }

  /** Paints now what is waiting for the next frame, so a render and its picture land in the same frame. */
  flush(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.paint();
  }

  setTransform(transform: Transform): void {
    this.transform = transform;
    this.dirty = { links: true, dots: true };
    this.schedule();
  }

  private schedule(): void {
    if (this.frame !== undefined) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      this.paint();
    });
  }

  private paint(): void {
    const { links, dots } = this.dirty;
    this.dirty = { links: false, dots: false };
    if (links) this.paintLayer(this.linkLayer, (context) => this.paintLinks(context));
    if (!links && !dots) return;
    this.paintLayer(this.view, (context) => {
      // The links are already in device pixels: copy them without the scale.
      context.save();
      context.setTransform(1, 0, 0, 1, 0, 0);
      if (this.linkLayer.width > 0 && this.linkLayer.height > 0) context.drawImage(this.linkLayer, 0, 0);
      context.restore();
      this.paintDots(context);
    });
  }

  private paintLayer(canvas: HTMLCanvasElement, paint: (context: CanvasRenderingContext2D) => void): void {
    const context = canvas.getContext('2d');
    if (!context) return;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(this.size.width * ratio);
    const height = Math.round(this.size.height * ratio);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, width, height);
    if (!this.scene || width === 0 || height === 0) return;
    context.scale(ratio, ratio);
    paint(context);
    context.globalAlpha = 1;
  }

  private paintLinks(context: CanvasRenderingContext2D): void {
    const colour = this.readColours();
    const { x: tx, y: ty, k } = this.transform;
    const zoomedOut = k < ZOOMED_OUT;
    const margin = 12;
    const right = this.size.width + margin;
    const bottom = this.size.height + margin;
    // Far out, siblings share pixels: what lands on the same pixels is drawn once (rastering is the cost).
    const stamps = this.stamps;
    for (const group of this.scene?.links ?? []) {
      if (zoomedOut) stamps.begin(this.size.width, this.size.height);
      context.beginPath();
      for (const child of group.children) {
        const parent = child.parent;
        if (!parent) continue;
        let px = parent.x * k + tx;
        let py = parent.y * k + ty;
        let cx = child.x * k + tx;
        let cy = child.y * k + ty;
        // A link is skipped only when both ends lie on the same outer side of the view.
        if ((px < 0 && cx < 0) || (px > right && cx > right) || (py < 0 && cy < 0) || (py > bottom && cy > bottom)) continue;
        if (zoomedOut) {
          px = Math.round(px);
          py = Math.round(py);
          cx = Math.round(cx);
          cy = Math.round(cy);
          if (!stamps.firstLink(stamps.pixel(px, py), stamps.pixel(cx, cy))) continue;
        }
        context.moveTo(px, py);
        context.lineTo(cx, cy);
      }
      context.strokeStyle = colour('--p-muted');
      // One pixel wide: thin enough for the rasteriser's fast hairline path; at 1.2 px thousands of overlapping
      // links were outlined as shapes, several times slower to raster.
      context.lineWidth = 1;
      // Faded links are fainter, not dashed: dashing thousands of segments costs tens of milliseconds to raster.
      context.globalAlpha = group.faded ? 0.2 : 0.7;
      context.stroke();
    }
  }

  private paintDots(context: CanvasRenderingContext2D): void {
    const colour = this.readColours();
    const { x: tx, y: ty, k } = this.transform;
    const zoomedOut = k < ZOOMED_OUT;
    // Culling margin in screen pixels: a node partly inside still gets drawn.
    const margin = 12;
    const right = this.size.width + margin;
    const bottom = this.size.height + margin;
    const visible = (sx: number, sy: number): boolean => sx > -margin && sy > -margin && sx < right && sy < bottom;
    const stamps = this.stamps;
    for (const group of this.scene?.dots ?? []) {
      context.globalAlpha = group.faded ? 0.3 : 1;
      context.fillStyle = colour(`--p-${group.scoreClass}`);
      context.beginPath();
      if (zoomedOut) {
        // Far out every node is a small square of its colour, like the SVG's fixed-width stroke.
        stamps.begin(this.size.width, this.size.height);
        for (const item of group.items) {
          const sx = Math.round(item.x * k + tx);
          const sy = Math.round(item.y * k + ty);
          if (!visible(sx, sy) || !stamps.firstDot(stamps.pixel(sx, sy))) continue;
          // Whole pixels: squares on the pixel grid are the cheapest shape to raster.
          const half = Math.max(2, Math.round(radiusOf(item) * k + 2));
          context.rect(sx - half, sy - half, half * 2, half * 2);
        }
        context.fill();
        continue;
      }
      for (const item of group.items) {
        const sx = item.x * k + tx;
        const sy = item.y * k + ty;
        if (!visible(sx, sy)) continue;
        const r = radiusOf(item) * k;
        context.moveTo(sx + r, sy);
        context.arc(sx, sy, r, 0, Math.PI * 2);
      }
      context.fill();
      context.strokeStyle = colour('--p-node-stroke');
      context.lineWidth = 1.5 * k;
      context.stroke();
    }
  }

  /** Theme colours from the CSS variables, read once per theme (the body's classes say which). */
  private readColours(): (name: string) => string {
    const theme = document.body.className;
    if (theme !== this.coloursFor) {
      this.coloursFor = theme;
      this.colours.clear();
    }
    let style: CSSStyleDeclaration | undefined;
    return (name) => {
      let value = this.colours.get(name);
      if (value === undefined) {
        style ??= getComputedStyle(this.element);
        value = style.getPropertyValue(name).trim() || '#888888';
        this.colours.set(name, value);
      }
      return value;
    };
  }
}

/** Whether two sizes give the canvases the same number of device pixels (what painting depends on). */
function sameDevicePixels(a: { width: number; height: number }, b: { width: number; height: number }): boolean {
  const ratio = window.devicePixelRatio || 1;
  return Math.round(a.width * ratio) === Math.round(b.width * ratio) && Math.round(a.height * ratio) === Math.round(b.height * ratio);
}

function radiusOf(item: LaidOutNode): number {
  if (item.node?.kind === 'answer') return 7;
  return item.node?.kind === 'problem' ? 9 : 6;
}

function sameLinks(a: CanvasScene, b: CanvasScene): boolean {
  return sameGroups(a.links, b.links, (x, y) => x.faded === y.faded && sameItems(x.children, y.children, (p, q) => p === q && p.parent === q.parent));
}

function sameDots(a: CanvasScene, b: CanvasScene): boolean {
  return sameGroups(a.dots, b.dots, (x, y) => x.faded === y.faded && x.scoreClass === y.scoreClass && sameItems(x.items, y.items, (p, q) => p === q));
}

function sameGroups<T>(a: T[], b: T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((group, i) => {
    const other = b[i];
    return other !== undefined && same(group, other);
  });
}

function sameItems<T>(a: T[], b: T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || !same(x, y)) return false;
  }
  return true;
}
