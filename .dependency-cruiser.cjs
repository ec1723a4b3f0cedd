/**
 * Import layering from shared/DESIGN.md ("Allowed imports"). `npm run layering` fails the build on
 * any violation, like VS Code's "Bad layering" rule.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'simulator-pure',
      comment: 'simulator/** (except simulator/node) is pure: it imports only simulator/** and pure npm packages.',
      severity: 'error',
      from: { path: '^simulator/', pathNot: ['^simulator/node/', '\\.test\\.ts$'] },
      to: { pathNot: ['^simulator/', '(^|/)node_modules/(zod|yaml)/']},
    },
    {
      name: 'simulator-pure-no-node-layer',
      comment: 'Pure simulator code must not reach into simulator/node.',
      severity: 'error',
      from: { path: '^simulator/', pathNot: '^simulator/node/' },
      to: { path: '^simulator/node/' },
    },
    {
      name: 'simulator-no-node-builtins',
      comment: 'Only simulator/node may import node:* or Node-only packages.',
      severity: 'error',
      from: { path: '^simulator/', pathNot: ['^simulator/node/', '\\.test\\.ts$'] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'simulator-node-stays-in-simulator',
      comment: 'simulator/node imports simulator/**, Node and npm packages, never electron/, renderer/ or the tooling.',
      severity: 'error',
      from: { path: '^simulator/node/' },
      to: { path: '^(electron|renderer|e2e|scripts|bench)/' },
    },
    {
      name: 'common-pure',
      comment: 'electron/common imports only itself and pure simulator/**.',
      severity: 'error',
      from: { path: '^electron/common/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: ['^electron/common/', '^simulator/', '(^|/)node_modules/(zod|yaml)/'] },
    },
    {
      name: 'common-no-simulator-node',
      severity: 'error',
      from: { path: '^electron/common/' },
      to: { path: '^simulator/node/' },
    },
    {
      name: 'host-only-common-and-simulator',
      comment: 'electron/host imports electron/common and simulator/** (and Node and npm packages), nothing else of the app.',
      severity: 'error',
      from: { path: '^electron/host/' },
      to: { pathNot: ['^electron/(host|common)/', '^simulator/', '(^|/)node_modules/(?!electron/)'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'main-only-host-common-and-simulator',
      comment: 'electron/main imports electron/host, electron/common and simulator/** (and Node, npm packages, electron).',
      severity: 'error',
      from: { path: '^electron/main/' },
      to: { pathNot: ['^electron/(main|host|common)/', '^simulator/', '(^|/)node_modules/', '^electron$'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'serve-only-host-common-and-simulator',
      comment: 'electron/serve imports electron/host, electron/common and simulator/** (and Node, npm packages); main and serve share code only through host and common.',
      severity: 'error',
      from: { path: '^electron/serve/' },
      to: { pathNot: ['^electron/(serve|host|common)/', '^simulator/', '(^|/)node_modules/(?!electron/)'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'preload-only-common-and-electron',
      severity: 'error',
      from: { path: '^electron/preload/' },
      to: { pathNot: ['^electron/preload/', '^electron/common/', '(^|/)node_modules/electron/', '^electron$'], dependencyTypes: ['local', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'core', 'unknown', 'undetermined', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'renderer-pure',
      comment: 'renderer imports electron/common (types) and pure simulator/**; never electron, electron/host, node:* or simulator/node.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: ['^simulator/node/', '^electron/(?!common/)', '^electron$', '(^|/)node_modules/electron/'] },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'e2e-from-outside',
      comment: 'e2e drives the app from outside: no imports of app internals.',
      severity: 'error',
      from: { path: '^e2e/' },
      to: { path: '^(simulator|renderer|electron/(main|preload|host))/' },
    },
    {
      name: 'nobody-imports-tests',
      severity: 'error',
      from: { pathNot: '\\.test\\.ts$' },
      to: { path: '\\.test\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.tools.json' },
    exclude: { path: '(^|/)(\\.tsbuild|\\.bench-tmp|dist|out|artifacts)/' },
  },
};
