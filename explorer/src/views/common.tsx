import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiFailure } from '../api';

/** Loads `load()` whenever `deps` change; the view shows the value, the failure, or that it is loading. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): { value?: T; error?: string } {
  const [state, setState] = useState<{ value?: T; error?: string }>({});
  useEffect(() => {
    let current = true;
    setState({});
    load().then(
      (value) => {
        if (current) setState({ value });
      },
      (err: unknown) => {
        if (current) setState({ error: describe(err) });
      },
    );
    return () => {
      current = false;
    };
  }, deps);
  return state;
}

export function describe(err: unknown): string {
  if (err instanceof ApiFailure) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export function Loaded<T>(props: { state: { value?: T; error?: string }; children: (value: T) => ComponentChildren }) {
  if (props.state.error !== undefined)
    return (
      <p role="alert" class="error">
        {props.state.error}
      </p>
    );
  if (props.state.value === undefined) return <p aria-busy="true">Loading…</p>;
  return <>{props.children(props.state.value)}</>;
}

/** A hash, shortened on screen, in full for copy and for screen readers. */
export function Hash(props: { value: string }) {
  return (
    <code class="hash" title={props.value}>
      {props.value === '' ? '(none)' : props.value}
    </code>
  );
}

/** A verification outcome: passed or failed, in words (not only colour). */
export function Verdict(props: { ok: boolean; label: string; testId?: string }) {
  return (
    <span class={props.ok ? 'verdict ok' : 'verdict failed'} data-testid={props.testId}>
      {props.ok ? '✔ verified' : '✘ FAILED'}: {props.label}
    </span>
  );
}

export function Json(props: { value: unknown }) {
  // Focusable: it scrolls, and keyboard users must be able to scroll it too.
  return (
    <pre class="json" tabIndex={0}>
      {JSON.stringify(props.value, null, 2)}
    </pre>
  );
}

/** Who created a transaction: `MSP / common name`. */
export const creatorText = (creator: { mspId: string; commonName: string | null } | null): string =>
  creator === null ? '—' : `${creator.mspId} / ${creator.commonName ?? '?'}`;

export const link = (path: string): string => `#${path}`;
