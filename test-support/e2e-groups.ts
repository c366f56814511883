/**
 * Which end-to-end files run two at a time (vitest.config.ts, project `e2e-no-media`) and which alone (project
 * `e2e`), docs/architecture.md#tests.
 *
 * A file may run beside another only if it uses no media: Chromium against a test cloud and nothing else, no call,
 * no kiosk agent, no process of its own. Media files keep the machine to themselves: what they check (ICE, jitter
 * buffers, frames counted, the kiosk's screen read by OCR, a bad network's timings) is what a second Chromium beside
 * them disturbs, and on a 2-core machine two of them would fight for both cores.
 *
 * Membership is this explicit list. test-support/e2e-groups.test.ts fails when a listed file reaches one of
 * MEDIA_MODULES through its imports (however indirectly), when a test helper it imports starts processes, or when
 * the file itself opens a camera or a peer connection. A file not listed runs alone, so a new e2e file is safe by
 * default; list it here once it needs none of that. A file that only needs to see a call refused
 * (manager-path.e2e: nobody can call a citizen whose case has ended) uses cloud/test/kits/refused-call.ts, which
 * places one call and hangs up at once should it ring, not the signalling test client (cloud/test/kits/calls.ts),
 * which the guard cannot tell from one that rings a page into a call.
 */
export const E2E_NO_MEDIA: readonly string[] = [
  'cloud/src/auth/passkeys/passkeys.e2e.test.ts',
  'cloud/web/test/admin-alert-phone.e2e.test.ts',
  'cloud/web/test/admin-follow-up.e2e.test.ts',
  'cloud/web/test/admin-limits.e2e.test.ts',
  'cloud/web/test/alert-groups.e2e.test.ts',
  'cloud/web/test/auto-answer.e2e.test.ts',
  'cloud/web/test/citizen-inactivity-alert.e2e.test.ts',
  'cloud/web/test/dashboard.e2e.test.ts',
  'cloud/web/test/enrolment-code-kept.e2e.test.ts',
  'cloud/web/test/kiosk-lent-unenrolled.e2e.test.ts',
  'cloud/web/test/lost-phone.e2e.test.ts',
  'cloud/web/test/manager-path.e2e.test.ts',
  'cloud/web/test/namesakes.e2e.test.ts',
  'cloud/web/test/pages.e2e.test.ts',
  'cloud/web/test/people.e2e.test.ts',
  'cloud/web/test/staff-close.e2e.test.ts',
  'cloud/web/test/staff-invite.e2e.test.ts',
  'cloud/web/test/staff-login.e2e.test.ts',
  'cloud/web/test/staff-passkey.e2e.test.ts',
  'cloud/web/test/support-accounts.e2e.test.ts',
  'cloud/web/test/support-error-language.e2e.test.ts',
  'cloud/web/test/support-status-figures.e2e.test.ts',
  'cloud/web/test/support.e2e.test.ts',
  'cloud/web/test/watch.e2e.test.ts',
  'device/test/dev-control-page.e2e.test.ts',
  'e2e/support-kiosk-list.e2e.test.ts',
  'e2e/support-lend-run.e2e.test.ts',
];

/** Modules that make a file a media file (a path from the repository's root; one ending in '/' is a folder). */
export const MEDIA_MODULES: Readonly<Record<string, string>> = {
  'device/src/agent.ts': 'the kiosk agent',
  'device/src/testing/kiosk.ts': 'a kiosk agent on the simulated board',
  'device/src/media/': "the kiosk's media engines (GStreamer's webrtcbin, @roamhq/wrtc)",
  'device/test/media/': 'the media engine suites and their Chromium peer',
  'cloud/web/test/calls-world.ts': "pages in calls with Chromium's fake camera and microphone",
  'cloud/web/test/byod-night-world.ts': "a citizen's own device calling the night watch",
  'cloud/test/kits/calls.ts': 'the signalling test client, which rings a page into a call',
  'cloud/test/turn/': 'WebRTC peers through a TURN relay',
  'cloud/web/test/netns.ts': 'Chromium in a network namespace on a bad network',
  'test-support/coturn.ts': 'a TURN relay (coturn)',
  'test-support/xvfb.ts': "an X server for the kiosk's screen",
  'e2e/screen-capture.ts': "the kiosk's screen read back from an X server",
  'scripts/build-kiosk.ts': 'the kiosk bundle',
};
