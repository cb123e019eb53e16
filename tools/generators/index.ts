// @yuqing/tools: the workspace's own Nx generators (`npx nx g @yuqing/tools:<generator>`).
export { serviceGenerator } from './service/service.generator';
export type { ServiceGeneratorOptions } from './service/service.generator';
