import type { ArchivePart } from '../parts';
import { AsOfController } from './as-of.controller';
import { CaseAsOfReader } from './as-of.reader';

/** Auditors' as-of and timeline (audit.replay): folded from the case stream, no tables of its own. */
export const asOfPart: ArchivePart = {
  controllers: [AsOfController],
  providers: [CaseAsOfReader],
  migrations: () => [],
  projections: [],
};
