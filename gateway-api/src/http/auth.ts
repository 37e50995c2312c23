import type { RequestHandler } from 'express';
import { OfflineSigningRequiredError, UnauthenticatedError } from '../errors';
import { type GatewayUser, signsOffline } from '../identity/users';
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

/**
 * After {@link requireApiKey}, on every route a user who keeps its own key cannot use (all but the offline-signing
 * ones): 403 `OFFLINE_SIGNING_REQUIRED`, before anything is read or sent, since the gateway cannot sign for it.
 */
export const requireCustody: RequestHandler = (req, _res, next) => {
  const user = stateOf(req).user;
  next(user !== undefined && signsOffline(user) ? new OfflineSigningRequiredError() : undefined);
};
