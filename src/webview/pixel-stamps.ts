// Far out, thousands of nodes and links land on the same few screen pixels; rastering them all is the cost of
// painting a large tree. These stamps remember, per pixel of the view, what was drawn there in the current
// pass, in typed arrays reused from paint to paint (no per-paint sets of keys to build and hash).

/** Beyond the view's edges by this many pixels a pixel still gets a stamp. */
const EDGE = 16;

export class PixelStamps {
  private width = 0;
  private height = 0;
  /** The pass that last stamped each pixel; a new pass needs no clearing, only a new number. */
  private passes = new Uint16Array(0);
  /** For links: the pixel of the parent end of the last link stamped at each child pixel. */
  private from = new Int32Array(0);
  private pass = 0;

  /** Starts a pass over a view of this size; stamps from earlier passes no longer count. */
  begin(viewWidth: number, viewHeight: number): void {
    const width = Math.ceil(viewWidth) + 2 * EDGE;
    const height = Math.ceil(viewHeight) + 2 * EDGE;
    if (width !== this.width || height !== this.height) {
      this.width = width;
      this.height = height;
      this.passes = new Uint16Array(width * height);
      this.from = new Int32Array(width * height);
      this.pass = 0;
    }
    this.pass += 1;
    if (this.pass > 0xffff) {
      this.passes.fill(0);
      this.pass = 1;
    }
  }

  /** The index of whole pixel (x, y), or -1 outside the stamped area. */
  pixel(x: number, y: number): number {
    const column = x + EDGE;
    const row = y + EDGE;
    if (column < 0 || row < 0 || column >= this.width || row >= this.height) return -1;
    return row * this.width + column;
  }

  /** True the first time in this pass a dot is stamped at `pixel` (always true outside the area). */
  firstDot(pixel: number): boolean {
    if (pixel < 0) return true;
    if (this.passes[pixel] === this.pass) return false;
    this.passes[pixel] = this.pass;
    return true;
  }

  /**
   * False when the last link stamped at child pixel `to` in this pass came from the same parent pixel (the
   * same line on screen). Remembers one link per pixel: enough, since the children that share a pixel are
   * nearly always drawn from one parent pixel.
   */
  firstLink(from: number, to: number): boolean {
    if (from < 0 || to < 0) return true;
    if (this.passes[to] === this.pass && this.from[to] === from) return false;
    this.passes[to] = this.pass;
    this.from[to] = from;
    return true;
  }
}
