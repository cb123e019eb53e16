// Deliberately breaks the module boundaries: ingestion may not import grading (contexts talk through events).
import { gradingLevels } from '@yuqing/boundary-fixture-grading';

export const levelsSeenByIngestion = gradingLevels.length;
