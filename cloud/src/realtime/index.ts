/**
 * Real-time transports: the connection registry (who is connected, on which transport), the call sender (one
 * send for browser sockets and kiosk `sig/down`), dispatch/ (one receive for both: the signalling dispatcher,
 * one handler per wire message, with the idle-lock gate for browser sockets), ws/ (the signalling WebSocket
 * server, its socket table and upgrade authenticator) and mqtt/ (the embedded aedes broker, its policy and
 * typed events).
 */
export { type ConnectionOwner, type ConnectionRegistry, createMemoryRegistry } from './registry.js';
export { type CallSender, createCallSender } from './sender.js';
