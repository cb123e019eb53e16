// Within the boundaries: a domain library may import the shared contracts.
import { eventsTopic } from '@yuqing/contracts';

export const ingestionTopic = eventsTopic('ingestion');
