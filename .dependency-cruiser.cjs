/** The dependency direction of the workspace (DEVELOPERS brief: protocol imports nothing of ours; device and hardware never import cloud). */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Issue 9: no import cycles anywhere in the workspace (type-only imports count too).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-never-imports-test-code',
      comment:
        'Test kits live under <package>/test/ (cloud/test/kits, the DB suite, SSO and TURN helpers); only *.test.ts files may import them.',
      severity: 'error',
      from: { path: '^[^/]+/src/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^([^/]+/test/|test-support/)|/testing/|^[^/]+/src/.*\\.test\\.tsx?$|vitest' },
    },
    {
      name: 'kernel-imports-no-feature',
      comment: 'kernel/ (errors, config, logger, http helpers, ports.ts) is below every feature.',
      severity: 'error',
      from: { path: '^cloud/src/kernel/' },
      to: { path: '^cloud/src/', pathNot: '^cloud/src/(kernel|db)/' },
    },
    {
      name: 'features-meet-through-ports',
      comment:
        'A feature reaches another feature only through kernel/ports.ts or one of the published modules listed here (docs/architecture.md#ports); node/ alone knows every feature.',
      severity: 'error',
      from: { path: '^cloud/src/([^/]+)/', pathNot: '^cloud/src/(node|kernel|db|realtime)/|\\.test\\.tsx?$' },
      to: {
        path: '^cloud/src/[^/]+/',
        pathNot: [
          '^cloud/src/$1/',
          '^cloud/src/(kernel|db|realtime)/',
          '^cloud/src/auth/(session-middleware|session-store|issue-session|login/index)\\.ts$',
          '^cloud/src/auth/password/(hashing|one-time)\\.ts$',
          '^cloud/src/(care|turn|delivery)/index\\.ts$',
        ],
      },
    },
    {
      name: 'protocol-imports-nothing-of-ours',
      comment: 'protocol/ is the wire contract: every package imports it, it imports none of them.',
      severity: 'error',
      from: { path: '^protocol/' },
      to: {
        path: '^(cloud|device|hardware|provisioning)/|@screenvisit/(cloud|device|hardware|provisioning)',
      },
    },
    {
      name: 'device-and-hardware-never-import-cloud',
      comment: 'The kiosk firmware must build and run without the control plane.',
      severity: 'error',
      from: { path: '^(device|hardware)/' },
      to: { path: '^cloud/|@screenvisit/cloud' },
    },
    {
      name: 'hardware-imports-no-device-or-provisioning',
      severity: 'error',
      from: { path: '^hardware/' },
      to: { path: '^(device|provisioning)/|@screenvisit/(device|provisioning)' },
    },
    {
      name: 'provisioning-never-imports-cloud-internals',
      comment: 'provisioning talks to the cloud over HTTP only.',
      severity: 'error',
      from: { path: '^provisioning/' },
      to: { path: '^cloud/|@screenvisit/cloud' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|dist|\\.data)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
