import type { RequestHandler } from 'express';
import { UnauthenticatedError } from '../errors';
import type { GatewayUser } from '../identity/users';
import { stateOf } from './context';

export interface Authenticator {
  authenticate(apiKey: string): GatewayUser | undefined;
}

/** `Authorization: Bearer <api key>` → the user; 401 when missing or unknown. */
export function requireApiKey(users: Authenticator): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization');
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    const user = match?.[1] === undefined ? undefined : users.authenticate(match[1]);
    if (user === undefined) {
      next(new UnauthenticatedError());
      return;
    }
    const state = stateOf(req);
    state.user = user;
    state.logger = state.logger.child({ user: user.name });
    next();
  };
}
