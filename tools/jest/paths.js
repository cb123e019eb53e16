// Maps the tsconfig path aliases (@yuqing/*) for Jest, so tests import libraries exactly as code does.
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

function pathsToModuleNameMapper() {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths ?? {})) {
    const escaped = alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    mapper[`^${escaped}$`] = path.join('<rootDir>', target);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
