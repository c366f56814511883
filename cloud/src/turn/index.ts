export {
  createIceServerIssuer,
  type IceConfiguration,
  type IceServer,
  type IceServerIssuer,
  type TurnConfig,
} from './ice-servers.js';
export { envStunUrls, envTurnUrls, iceSchemeOf, isTurnUri } from './ice-uri.js';
export { type TurnRestCredential, turnRestCredential } from './rest-credential.js';
export { IceServersResponse, iceServersFor, turnRoutes } from './routes.js';
