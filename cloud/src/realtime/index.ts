/**
 * Real-time transports: the connection registry (who is connected, on which transport), the call sender (one
 * send for browser sockets and kiosk `sig/down`), ws/ (the signalling WebSocket server, its socket table,
 * dispatcher and upgrade authenticator) and mqtt/ (the embedded aedes broker, its policy and typed events).
 */
export { type ConnectionOwner, type ConnectionRegistry, createMemoryRegistry } from './registry.js';
export { type CallSender, createCallSender } from './sender.js';
