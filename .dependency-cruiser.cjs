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
      to: { pathNot: ['^simulator/', '^node_modules/(zod|yaml)/']},
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
      comment: 'simulator/node imports simulator/** and Node, never electron/renderer.',
      severity: 'error',
      from: { path: '^simulator/node/' },
      to: { path: '^(electron|renderer|e2e)/' },
    },
    {
      name: 'common-pure',
      comment: 'electron/common imports only itself and pure simulator/**.',
      severity: 'error',
      from: { path: '^electron/common/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: ['^electron/common/', '^simulator/', '^node_modules/(zod|yaml)/'] },
    },
    {
      name: 'common-no-simulator-node',
      severity: 'error',
      from: { path: '^electron/common/' },
      to: { path: '^simulator/node/' },
    },
    {
      name: 'host-layers',
      comment: 'electron/main and electron/serve import electron/common and simulator/** (and Node).',
      severity: 'error',
      from: { path: '^electron/(main|serve)/' },
      to: { path: '^(renderer|e2e|electron/preload)/' },
    },
    {
      name: 'main-and-serve-apart',
      comment: 'electron/main and electron/serve share code only through electron/common and simulator/node.',
      severity: 'error',
      from: { path: '^electron/main/' },
      to: { path: '^electron/serve/' },
    },
    {
      name: 'serve-and-main-apart',
      severity: 'error',
      from: { path: '^electron/serve/' },
      to: { path: '^electron/main/' },
    },
    {
      name: 'preload-only-common-and-electron',
      severity: 'error',
      from: { path: '^electron/preload/' },
      to: { pathNot: ['^electron/preload/', '^electron/common/', '^node_modules/electron/', '^electron$'], dependencyTypes: ['local', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'core', 'unknown', 'undetermined', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'renderer-pure',
      comment: 'renderer imports electron/common (types) and pure simulator/**; never electron, node:* or simulator/node.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: ['^simulator/node/', '^electron/(main|serve|preload)/', '^node_modules/electron/'] },
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
      to: { path: '^(simulator|renderer|electron/(main|preload))/' },
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
    exclude: { path: '(^|/)(node_modules|\\.tsbuild|\\.bench-tmp|dist|out|artifacts)/' },
  },
};
