/** ICE servers for browsers and kiosks: STUN, TURN with short-lived REST credentials, the municipality relay policy. */
export { envStunUrls, envTurnUrls, iceSchemeOf, isTurnUri } from '../kernel/ice-uri.js';
export {
  createIceServerIssuer,
  type IceConfiguration,
  type IceServer,
  type IceServerIssuer,
  type TurnConfig,
} from './ice-servers.js';
export { type TurnRestCredential, turnRestCredential } from './rest-credential.js';
export { IceServersResponse, iceServersFor, turnRoutes } from './routes.js';
