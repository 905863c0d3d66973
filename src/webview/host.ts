// The one place that talks to the host. Inside VS Code it wraps `acquireVsCodeApi()`; in a plain page (tests,
// benchmarks) it is a fake host that records what the page sent and keeps state in sessionStorage.
import type { HostToWebview, WebviewToHost } from '../protocol/webview';
import { isHostToWebview } from '../protocol/webview';

export interface Host {
  post(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
  /** Calls `listener` with every well-formed message from the host; returns a function that stops it. */
  onMessage(listener: (message: HostToWebview) => void): () => void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** What the fake host exposes on `window.ponderFakeHost` for tests. */
export interface FakeHostRecord {
  sent: WebviewToHost[];
}

declare global {
  interface Window {
    ponderFakeHost?: FakeHostRecord;
  }
  // Defined by VS Code in webviews only.
  var acquireVsCodeApi: (() => VsCodeApi) | undefined;
}

const FAKE_STATE_KEY = 'ponder.webview.state';

export function connectHost(): Host {
  const api = typeof globalThis.acquireVsCodeApi === 'function' ? globalThis.acquireVsCodeApi() : fakeApi();
  return {
    post: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
    onMessage(listener) {
      const handler = (event: MessageEvent<unknown>): void => {
        if (isHostToWebview(event.data)) listener(event.data);
      };
      window.addEventListener('message', handler);
      return () => window.removeEventListener('message', handler);
    },
  };
}

function fakeApi(): VsCodeApi {
  const record: FakeHostRecord = { sent: [] };
  window.ponderFakeHost = record;
  return {
    postMessage: (message) => record.sent.push(message as WebviewToHost),
    getState() {
      const saved = sessionStorage.getItem(FAKE_STATE_KEY);
      return saved === null ? undefined : (JSON.parse(saved) as unknown);
    },
    setState: (state) => sessionStorage.setItem(FAKE_STATE_KEY, JSON.stringify(state)),
  };
}
