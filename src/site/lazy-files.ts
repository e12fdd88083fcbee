/**
 * An OutputFiles map whose heavy entries are rendered when they are read (iteration or get), not when they are
 * added: `build` writes each file and drops it, so the 100k paper pages of a big catalog never sit in memory
 * together (≈1 GB of HTML at 100k). Rendering is pure, so reading an entry twice gives the same content.
 */
export type Content = string | Uint8Array;

export class LazyFiles extends Map<string, Content> {
  private readonly lazy = new Map<string, () => Content>();

  /** Adds a file rendered on demand. */
  setLazy(path: string, render: () => Content): this {
    super.delete(path);
    this.lazy.set(path, render);
    return this;
  }

  override set(path: string, content: Content): this {
    this.lazy?.delete(path);
    return super.set(path, content);
  }

  override get(path: string): Content | undefined {
    const render = this.lazy.get(path);
    return render ? render() : super.get(path);
  }

  override has(path: string): boolean {
    return this.lazy.has(path) || super.has(path);
  }

  override delete(path: string): boolean {
    return this.lazy.delete(path) || super.delete(path);
  }

  override get size(): number {
    return super.size + (this.lazy?.size ?? 0);
  }

  override *keys(): MapIterator<string> {
    yield* super.keys();
    yield* this.lazy.keys();
  }

  override *entries(): MapIterator<[string, Content]> {
    yield* super.entries();
    for (const [path, render] of this.lazy) yield [path, render()];
  }

  override *values(): MapIterator<Content> {
    for (const [, content] of this.entries()) yield content;
  }

  override [Symbol.iterator](): MapIterator<[string, Content]> {
    return this.entries();
  }

  override forEach(fn: (value: Content, key: string, map: Map<string, Content>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
}
