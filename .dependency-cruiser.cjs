/** The dependency direction of the workspace (DEVELOPERS brief: protocol imports nothing of ours; device and hardware never import cloud). */
module.exports = {
  forbidden: [
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
