export { ArchiveOrm } from './archive-orm';
export { ARCHIVE_ENTITIES, archiveDataSource, entityManagerOn, useDataSource } from './archive-data-source';
