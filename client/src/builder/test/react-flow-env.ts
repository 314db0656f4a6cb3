// What React Flow needs from a browser that jsdom lacks (sizes, ResizeObserver, DOMMatrix), so
// component tests can mount the canvas. Import it before rendering; it only fills what is missing.
class ResizeObserverStub {
  private readonly callback: ResizeObserverCallback;
  constructor(callback: ResizeObserverCallback) {
    this.callback = callback;
  }
  observe(target: Element): void {
    // React Flow measures nodes when observed; report a size at once.
    this.callback([{ target, contentRect: target.getBoundingClientRect() } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve(): void {}
  disconnect(): void {}
}

class DOMMatrixReadOnlyStub {
  m22: number;
  constructor(transform?: string) {
    const scale = transform?.match(/scale\(([\d.]+)\)/)?.[1];
    this.m22 = scale === undefined ? 1 : Number(scale);
  }
}

export function installReactFlowEnv(): void {
  if (!('ResizeObserver' in globalThis)) Object.assign(globalThis, { ResizeObserver: ResizeObserverStub });
  if (!('DOMMatrixReadOnly' in globalThis)) Object.assign(globalThis, { DOMMatrixReadOnly: DOMMatrixReadOnlyStub });
  // Nodes and the pane need a size for React Flow to draw them.
  Object.defineProperties(HTMLElement.prototype, {
    offsetHeight: { configurable: true, get: () => 100 },
    offsetWidth: { configurable: true, get: () => 200 },
  });
  if (!('getBBox' in SVGElement.prototype)) {
    Object.assign(SVGElement.prototype, { getBBox: () => ({ x: 0, y: 0, width: 0, height: 0 }) });
  }
}
