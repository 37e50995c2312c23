import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiFailure, getJson, session } from './api';
import './style.css';
import type { Summary } from './types';
import { AccountHistory } from './views/account';
import { Audit, ProjectHistory, Provenance } from './views/audit';
import { BlockDetail, BlockList } from './views/blocks';
import { describe, link } from './views/common';
import { Dashboard } from './views/dashboard';
import { TransactionDetail } from './views/transaction';

/** `#/blocks/5?x=1` → path `/blocks/5` and its query. */
function useRoute(): { path: string; query: URLSearchParams } {
  const read = () => {
    const [path = '/', query = ''] = location.hash.replace(/^#/, '').split('?');
    return { path: path === '' ? '/' : path, query: new URLSearchParams(query) };
  };
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => {
      setRoute(read());
    };
    addEventListener('hashchange', onChange);
    return () => {
      removeEventListener('hashchange', onChange);
    };
  }, []);
  return route;
}

function SignIn(props: { error?: string; onSignIn: () => void }) {
  const [key, setKey] = useState('');
  return (
    <main>
      <h1>Block explorer</h1>
      <form
        class="sign-in"
        onSubmit={(e) => {
          e.preventDefault();
          session.signIn(key);
          props.onSignIn();
        }}
      >
        <label for="api-key">API key (government or auditor user)</label>
        <input
          id="api-key"
          type="password"
          autocomplete="off"
          value={key}
          onInput={(e) => {
            setKey(e.currentTarget.value);
          }}
        />
        <button type="submit">Sign in</button>
      </form>
      {props.error === undefined ? null : (
        <p role="alert" class="error">
          {props.error}
        </p>
      )}
      <p>
        <a href="/registry/">Public register</a> (no key needed)
      </p>
    </main>
  );
}

function View(props: { summary: Summary; channel: string; refresh: () => void }) {
  const { path, query } = useRoute();
  const [, section = '', id = ''] = path.split('/');
  const before = query.get('before');
  if (section === 'blocks' && id !== '') return <BlockDetail channel={props.channel} number={Number(id)} />;
  if (section === 'blocks')
    return <BlockList channel={props.channel} before={before === null ? undefined : Number(before)} />;
  if (section === 'transactions') return <TransactionDetail channel={props.channel} txId={id} />;
  if (section === 'provenance') return <Provenance query={query.get('q') ?? ''} />;
  if (section === 'projects') return <ProjectHistory id={decodeURIComponent(id)} />;
  if (section === 'accounts')
    return <AccountHistory id={decodeURIComponent(id)} before={before === null ? undefined : Number(before)} />;
  if (section === 'audit') return <Audit summary={props.summary} />;
  return <Dashboard summary={props.summary} refresh={props.refresh} />;
}

function Explorer() {
  const [channel, setChannel] = useState<string | undefined>();
  const [state, setState] = useState<{ summary?: Summary; error?: string }>({});
  const [signedIn, setSignedIn] = useState(session.key() !== null);
  const refresh = useCallback(() => {
    getJson<Summary>(`/v1/explorer/summary${channel === undefined ? '' : `?channel=${channel}`}`).then(
      (summary) => {
        setState({ summary });
      },
      (err: unknown) => {
        if (err instanceof ApiFailure && (err.status === 401 || err.status === 403)) {
          session.signOut();
          setSignedIn(false);
          setState({
            error:
              err.status === 403
                ? 'This key may not open the explorer: it is for government and auditor users.'
                : 'Unknown API key.',
          });
        } else setState({ error: describe(err) });
      },
    );
  }, [channel]);
  useEffect(() => {
    if (signedIn) refresh();
  }, [signedIn, refresh]);
  if (!signedIn)
    return (
      <SignIn
        error={state.error}
        onSignIn={() => {
          setSignedIn(true);
        }}
      />
    );
  const summary = state.summary;
  if (summary === undefined)
    return (
      <main>
        {state.error === undefined ? (
          <p aria-busy="true">Loading…</p>
        ) : (
          <p role="alert" class="error">
            {state.error}
          </p>
        )}
      </main>
    );
  return (
    <>
      <header>
        <h1>{summary.title}</h1>
        <nav aria-label="Explorer">
          <a href={link('/')}>Dashboard</a> <a href={link('/blocks')}>Blocks</a>{' '}
          <a href={link('/provenance')}>Provenance</a> <a href={link('/audit')}>Audit</a>{' '}
          <a href="/registry/">Public register</a>{' '}
          <button
            type="button"
            onClick={() => {
              session.signOut();
              setSignedIn(false);
              setState({});
            }}
          >
            Sign out
          </button>
        </nav>
        {summary.channels.length > 1 ? (
          <label>
            Channel{' '}
            <select
              value={summary.channel}
              onChange={(e) => {
                setChannel(e.currentTarget.value);
              }}
            >
              {summary.channels.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </header>
      <main>
        <View summary={summary} channel={summary.channel} refresh={refresh} />
      </main>
    </>
  );
}

document.title = 'Block explorer';
const root = document.getElementById('app');
if (root !== null) render(<Explorer />, root);
