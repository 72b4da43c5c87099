export { STREAMS_SCHEMA, streamsMigrations, createStreamsDataSource, buildStreamsSchema, defineStreamsSubgraph } from './streams-subgraph';
