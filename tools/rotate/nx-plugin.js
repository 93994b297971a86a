// Placeholder: infers one Nx target per rotatable key of the synthesized stacks (filled in by the rotate tool).
exports.createNodes = ['tools/rotate/project.json', (files) => files.map((file) => [file, { projects: { 'tools/rotate': { targets: {} } } }])];
