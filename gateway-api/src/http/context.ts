import type { Request } from 'express';
import type { Logger } from '../log';
import type { GatewayUser } from '../identity/users';

/** Per-request state, typed (rather than untyped `res.locals`). */
export interface RequestState {
  requestId: string;
  logger: Logger;
  user?: GatewayUser;
}

const states = new WeakMap<Request, RequestState>();

export function setState(req: Request, state: RequestState): void {
  states.set(req, state);
}

export function stateOf(req: Request): RequestState {
  const state = states.get(req);
  if (state === undefined) throw new Error('request state missing: observability middleware not installed');
  return state;
}

export function userOf(req: Request): GatewayUser | undefined {
  return states.get(req)?.user;
}
